/**
 * What the agents need from a chat model, in Herald's own terms: the graphs never see the
 * provider SDK's message classes, so the adapter can change without touching a prompt.
 */
export type ChatMessage =
  | { readonly role: 'system' | 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string; readonly toolCalls?: readonly ToolCall[] }
  | { readonly role: 'tool'; readonly content: string; readonly toolCallId: string };

/** A function the model may call; `parameters` is a JSON Schema object. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolSpec[];
  /** Stream the answer (SSE); the result is the same, assembled. */
  readonly stream?: boolean;
  readonly temperature?: number;
  readonly maxOutputTokens?: number;
  readonly signal?: AbortSignal;
}

export interface TokenUsage {
  readonly tokensIn: number;
  readonly tokensOut: number;
}

export interface ChatResponse {
  readonly content: string;
  readonly toolCalls: readonly ToolCall[];
  /** The model that answered, as the endpoint named it (falls back to the configured one). */
  readonly model: string;
  readonly usage: TokenUsage;
  readonly finishReason: string | null;
}

export interface LlmClient {
  /** The configured model name, recorded on every task. */
  readonly model: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
}
