import type { HeraldConfig } from '@herald/shared-kernel';

export interface LlmSettings {
  /** Base URL of an OpenAI-compatible API, up to and including `/v1`; null means api.openai.com. */
  readonly baseUrl: string | null;
  readonly apiKey: string | null;
  readonly model: string;
  readonly embeddingModel: string;
  /** One model call; the task as a whole has its own deadline. */
  readonly requestTimeoutMs: number;
  /** Attempts per model call, the first included (429, 5xx, timeouts, unreadable bodies). */
  readonly maxAttempts: number;
  /** Longest wait honoured from a `retry-after` header before giving up with AI.RATE_LIMITED. */
  readonly maxRetryAfterMs: number;
  /** Ask for server-sent events (first tokens sooner on slow endpoints); the assembled answer is the same. */
  readonly stream: boolean;
}

export const DEFAULT_LLM_TIMEOUTS = {
  requestTimeoutMs: 30_000,
  maxAttempts: 3,
  maxRetryAfterMs: 20_000,
  stream: false,
} as const;

/**
 * Null when no model is configured: generative agents then fail with AI.NOT_CONFIGURED and the
 * statistical ones run without one. The embedding model has no variable of its own yet.
 */
export function llmSettingsFrom(
  config: Pick<HeraldConfig, 'openaiBaseUrl' | 'openaiApiKey' | 'openaiModel' | 'llmConfigured'>,
  overrides: Partial<Omit<LlmSettings, 'baseUrl' | 'apiKey' | 'model'>> = {},
): LlmSettings | null {
  if (!config.llmConfigured) return null;
  return {
    baseUrl: config.openaiBaseUrl ?? null,
    apiKey: config.openaiApiKey ?? null,
    model: config.openaiModel,
    embeddingModel: 'text-embedding-3-small',
    ...DEFAULT_LLM_TIMEOUTS,
    ...overrides,
  };
}
