import type { TokenUsage } from './llm.port';

/** US dollars per million tokens. One dollar per million tokens is one micro-dollar per token. */
export interface ModelPrice {
  readonly inputUsdPerMillion: number;
  readonly outputUsdPerMillion: number;
}

/**
 * List prices of common OpenAI models; self-hosted or unknown models cost 0 (their price is not
 * ours to guess) and are reported as unpriced. Deployments override or extend the table.
 */
export const DEFAULT_MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o-mini': { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 },
  'gpt-4o': { inputUsdPerMillion: 2.5, outputUsdPerMillion: 10 },
  'gpt-4.1-nano': { inputUsdPerMillion: 0.1, outputUsdPerMillion: 0.4 },
  'gpt-4.1-mini': { inputUsdPerMillion: 0.4, outputUsdPerMillion: 1.6 },
  'gpt-4.1': { inputUsdPerMillion: 2, outputUsdPerMillion: 8 },
  'text-embedding-3-small': { inputUsdPerMillion: 0.02, outputUsdPerMillion: 0 },
};

export class ModelPricing {
  private readonly names: string[];

  constructor(private readonly prices: Readonly<Record<string, ModelPrice>> = DEFAULT_MODEL_PRICES) {
    // Longest name first, so a dated snapshot (gpt-4o-mini-2024-07-18) takes its family's price.
    this.names = Object.keys(prices).sort((a, b) => b.length - a.length);
  }

  priceOf(model: string): ModelPrice | null {
    const name = this.names.find((candidate) => model === candidate || model.startsWith(`${candidate}-`));
    return name === undefined ? null : this.prices[name];
  }

  /** Whole micro-dollars, rounded up: a budget is never under-charged. */
  costUsdMicros(model: string, usage: TokenUsage): number {
    const price = this.priceOf(model);
    if (price === null) return 0;
    return Math.ceil(usage.tokensIn * price.inputUsdPerMillion + usage.tokensOut * price.outputUsdPerMillion);
  }
}
