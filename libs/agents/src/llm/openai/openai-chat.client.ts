import {
  AIMessage,
  type AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { type Clock, HeraldError, systemClock } from '@herald/shared-kernel';
import type { ChatMessage, ChatRequest, ChatResponse, LlmClient, ToolCall } from '../llm.port';
import type { LlmSettings } from '../llm-settings';
import { classifyModelFailure } from './openai-errors';

export type Delay = (ms: number, signal?: AbortSignal) => Promise<void>;

export const abortableDelay: Delay = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Any OpenAI-compatible chat endpoint through @langchain/openai. The SDK's own retries are off:
 * this client retries 429, 5xx, timeouts and unreadable bodies a bounded number of times, honours
 * `retry-after`, and never retries a cancelled call or a request the endpoint rejected for good.
 */
export class OpenAiChatClient implements LlmClient {
  readonly model: string;

  constructor(
    private readonly settings: LlmSettings,
    private readonly deps: { readonly clock?: Clock; readonly delay?: Delay } = {},
  ) {
    this.model = settings.model;
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const delay = this.deps.delay ?? abortableDelay;
    const clock = this.deps.clock ?? systemClock;
    for (let attempt = 1; ; attempt++) {
      if (request.signal?.aborted) throw cancelled(request.signal.reason);
      const deadline = AbortSignal.timeout(this.settings.requestTimeoutMs);
      const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
      try {
        return await this.once(request, signal);
      } catch (error) {
        if (request.signal?.aborted) throw cancelled(request.signal.reason);
        if (error instanceof HeraldError) throw error;
        const failure = classifyModelFailure(
          error,
          deadline.aborted,
          clock.now(),
          this.settings.requestTimeoutMs,
        );
        const wait = failure.retryAfterMs ?? backoffMs(attempt);
        if (
          !failure.retryable ||
          attempt >= this.settings.maxAttempts ||
          wait > this.settings.maxRetryAfterMs
        ) {
          throw new HeraldError(
            failure.error.code,
            failure.error.message,
            { ...failure.error.details, attempts: attempt },
            { cause: error },
          );
        }
        await delay(wait, request.signal).catch((reason: unknown) => {
          throw cancelled(reason);
        });
      }
    }
  }

  private async once(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    const base = new ChatOpenAI({
      model: this.settings.model,
      // The SDK refuses to start without a key; local endpoints (Ollama, vLLM) ignore the header.
      apiKey: this.settings.apiKey ?? 'not-configured',
      configuration: this.settings.baseUrl === null ? {} : { baseURL: this.settings.baseUrl },
      maxRetries: 0,
      streamUsage: true,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxOutputTokens === undefined ? {} : { maxTokens: request.maxOutputTokens }),
    });
    const tools = (request.tools ?? []).map((tool) => ({
      type: 'function' as const,
      function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } },
    }));
    const runnable = tools.length > 0 ? base.bindTools(tools) : base;
    const messages = request.messages.map(toLangChain);
    let message: AIMessage | AIMessageChunk | undefined;
    if (request.stream ?? this.settings.stream) {
      let assembled: AIMessageChunk | undefined;
      for await (const chunk of await runnable.stream(messages, { signal })) {
        assembled = assembled === undefined ? chunk : assembled.concat(chunk);
      }
      message = assembled;
    } else {
      message = await runnable.invoke(messages, { signal });
    }
    if (message === undefined)
      throw new HeraldError('AI.INVALID_RESPONSE', 'The model endpoint closed the stream without an answer.');
    return this.fromLangChain(message, request);
  }

  private fromLangChain(message: AIMessage | AIMessageChunk, request: ChatRequest): ChatResponse {
    const content = textOf(message.content);
    const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call, index) => ({
      id: call.id ?? `call_${index}`,
      name: call.name,
      arguments: call.args ?? {},
    }));
    const usage = message.usage_metadata;
    const metadata = message.response_metadata as { model_name?: unknown; finish_reason?: unknown };
    return {
      content,
      toolCalls,
      model:
        typeof metadata.model_name === 'string' && metadata.model_name !== ''
          ? metadata.model_name
          : this.model,
      // Endpoints that omit usage are charged an estimate (4 characters a token) rather than nothing.
      usage: usage
        ? { tokensIn: usage.input_tokens, tokensOut: usage.output_tokens }
        : {
            tokensIn: estimateTokens(request.messages.map((m) => m.content).join('\n')),
            tokensOut: estimateTokens(content),
          },
      finishReason: typeof metadata.finish_reason === 'string' ? metadata.finish_reason : null,
    };
  }
}

function toLangChain(message: ChatMessage): BaseMessage {
  switch (message.role) {
    case 'system':
      return new SystemMessage(message.content);
    case 'user':
      return new HumanMessage(message.content);
    case 'assistant':
      return new AIMessage({
        content: message.content,
        tool_calls: (message.toolCalls ?? []).map((call) => ({
          id: call.id,
          name: call.name,
          args: { ...call.arguments },
          type: 'tool_call' as const,
        })),
      });
    case 'tool':
      return new ToolMessage({ content: message.content, tool_call_id: message.toolCallId });
  }
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      typeof part === 'string'
        ? part
        : typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : '',
    )
    .join('');
}

const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** 0.5 s, 1 s, 2 s … when the endpoint gave no retry-after. */
const backoffMs = (attempt: number): number => 500 * 2 ** (attempt - 1);

const cancelled = (reason: unknown) =>
  reason instanceof HeraldError
    ? reason
    : new HeraldError('AI.CANCELLED', 'The model call was cancelled.', {}, { cause: reason });
