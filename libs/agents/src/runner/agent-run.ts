import { createHash } from 'node:crypto';
import { type Clock, HeraldError, isHeraldError } from '@herald/shared-kernel';
import type { ChatMessage, ChatRequest, ChatResponse, LlmClient } from '../llm/llm.port';
import type { ModelPricing } from '../llm/model-pricing';
import type { AgentTask } from './agent-task';
import { parseJsonObject } from './json-output';
import type { TaskRecorder } from './task-recorder';
import type { TokenAllowance } from './token-budget.port';

export interface RunLimits {
  /** Model calls plus tool calls of one task. */
  readonly maxSteps: number;
  /** Tokens one task (a workflow with its children) may spend, whatever the monthly budget. */
  readonly maxTokensPerTask: number;
  /** Wall-clock time of one task, waiting for a person excluded. */
  readonly timeoutMs: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = { maxSteps: 24, maxTokensPerTask: 60_000, timeoutMs: 120_000 };

/** Tokens spent by a task and, for a workflow, by its children: what the budget checks count. */
export class SpentTokens {
  tokens = 0;
}

export interface Usage {
  tokensIn: number;
  tokensOut: number;
  costUsdMicros: number;
  model: string | null;
}

/** What a run shares with the children it spawns: one deadline, one cancellation, one token count. */
export interface RunScope {
  readonly signal: AbortSignal;
  readonly spent: SpentTokens;
  readonly allowance: TokenAllowance;
}

export interface AgentRunDeps {
  readonly llm: LlmClient | null;
  readonly pricing: ModelPricing;
  readonly recorder: TaskRecorder;
  readonly signal: AbortSignal;
  readonly limits: RunLimits;
  readonly allowance: TokenAllowance;
  readonly spent: SpentTokens;
  readonly clock: Clock;
}

/**
 * One execution of an agent task: every model call and tool call goes through here, so each is
 * counted against the step bound and the budgets, and recorded on the task's stream with its
 * model, tokens, cost and duration before the graph moves on.
 */
export class AgentRun {
  readonly usage: Usage = { tokensIn: 0, tokensOut: 0, costUsdMicros: 0, model: null };
  private steps = 0;

  constructor(
    readonly task: AgentTask,
    private readonly deps: AgentRunDeps,
  ) {}

  get llmAvailable(): boolean {
    return this.deps.llm !== null;
  }

  get signal(): AbortSignal {
    return this.deps.signal;
  }

  get scope(): RunScope {
    return { signal: this.deps.signal, spent: this.deps.spent, allowance: this.deps.allowance };
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  get stepsTaken(): number {
    return this.steps;
  }

  /** Stops the graph at the next step once the task is cancelled or out of time. */
  throwIfAborted(): void {
    if (!this.deps.signal.aborted) return;
    const reason: unknown = this.deps.signal.reason;
    throw isHeraldError(reason) ? reason : new HeraldError('AI.CANCELLED', 'The agent task was stopped.');
  }

  async step(name: string, summary: string): Promise<void> {
    this.throwIfAborted();
    await this.deps.recorder.step(name, summary);
  }

  async tool<T>(
    name: string,
    args: unknown,
    run: () => Promise<T> | T,
    summarize: (result: T) => unknown = (result) => result,
  ): Promise<T> {
    this.countStep();
    const started = performance.now();
    try {
      const result = await run();
      await this.deps.recorder.toolCall(name, args, summarize(result), true, performance.now() - started);
      return result;
    } catch (error) {
      await this.recordFailure(name, args, error, started);
      throw error;
    }
  }

  async chat(node: string, request: Omit<ChatRequest, 'signal'>): Promise<ChatResponse> {
    const llm = this.deps.llm;
    if (llm === null) throw notConfigured();
    this.countStep();
    this.checkBudget();
    const args = {
      node,
      model: llm.model,
      messages: request.messages.length,
      promptSha256: createHash('sha256').update(JSON.stringify(request.messages)).digest('hex'),
      tools: (request.tools ?? []).map((tool) => tool.name),
    };
    const started = performance.now();
    let response: ChatResponse;
    try {
      response = await llm.chat({ ...request, signal: this.deps.signal });
    } catch (error) {
      await this.recordFailure('llm.chat', args, error, started);
      throw error;
    }
    const costUsdMicros = this.deps.pricing.costUsdMicros(response.model, response.usage);
    this.usage.tokensIn += response.usage.tokensIn;
    this.usage.tokensOut += response.usage.tokensOut;
    this.usage.costUsdMicros += costUsdMicros;
    this.usage.model = response.model;
    this.deps.spent.tokens += response.usage.tokensIn + response.usage.tokensOut;
    await this.deps.recorder.toolCall(
      'llm.chat',
      args,
      {
        model: response.model,
        tokensIn: response.usage.tokensIn,
        tokensOut: response.usage.tokensOut,
        costUsdMicros,
        finishReason: response.finishReason,
        toolCalls: response.toolCalls.map((call) => call.name),
      },
      true,
      performance.now() - started,
    );
    return response;
  }

  /**
   * Asks for a JSON object and reads it with `parse`; an unusable answer is sent back once with
   * the reason, because models usually fix a shape error when told what it was.
   */
  async chatJson<T>(
    node: string,
    request: Omit<ChatRequest, 'signal' | 'tools'>,
    parse: (value: Record<string, unknown>) => T,
  ): Promise<T> {
    let messages: ChatMessage[] = [...request.messages];
    for (let attempt = 1; ; attempt++) {
      const response = await this.chat(node, { ...request, messages });
      try {
        return parse(parseJsonObject(response.content));
      } catch (error) {
        if (!isHeraldError(error, 'AI.INVALID_RESPONSE') || attempt >= 2) throw error;
        messages = [
          ...messages,
          { role: 'assistant', content: response.content },
          {
            role: 'user',
            content: `That answer could not be used (${error.message}). Reply with the JSON object only, in the requested shape.`,
          },
        ];
      }
    }
  }

  /** A cancelled task's stream is closed: the failed call is not recorded, the cancellation says it all. */
  private async recordFailure(tool: string, args: unknown, error: unknown, started: number): Promise<void> {
    if (isHeraldError(this.deps.signal.reason, 'AI.CANCELLED')) return;
    await this.deps.recorder.toolCall(tool, args, failureOf(error), false, performance.now() - started);
  }

  private countStep(): void {
    this.throwIfAborted();
    this.steps += 1;
    if (this.steps > this.deps.limits.maxSteps) {
      throw new HeraldError(
        'AI.MAX_STEPS',
        `The agent reached its bound of ${this.deps.limits.maxSteps} steps.`,
        {
          maxSteps: this.deps.limits.maxSteps,
        },
      );
    }
  }

  private checkBudget(): void {
    const { allowance, spent, limits } = this.deps;
    const used = allowance.usedTokens + spent.tokens;
    if (used >= allowance.budgetTokens) {
      throw new HeraldError(
        'AI.BUDGET_EXCEEDED',
        "The organization has used its plan's AI tokens for this month.",
        {
          budgetTokens: allowance.budgetTokens,
          usedTokens: used,
          scope: 'month',
        },
      );
    }
    if (spent.tokens >= limits.maxTokensPerTask) {
      throw new HeraldError(
        'AI.BUDGET_EXCEEDED',
        `This task reached its bound of ${limits.maxTokensPerTask} tokens.`,
        {
          budgetTokens: limits.maxTokensPerTask,
          usedTokens: spent.tokens,
          scope: 'task',
        },
      );
    }
  }
}

export const notConfigured = () =>
  new HeraldError(
    'AI.NOT_CONFIGURED',
    'No language model is configured: set OPENAI_API_KEY and/or OPENAI_BASE_URL.',
  );

function failureOf(error: unknown): Record<string, unknown> {
  return isHeraldError(error)
    ? { error: error.code, message: error.message }
    : { error: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
