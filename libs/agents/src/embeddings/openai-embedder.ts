import { OpenAIEmbeddings } from '@langchain/openai';
import { HeraldError } from '@herald/shared-kernel';
import type { LlmSettings } from '../llm/llm-settings';
import type { Embedder } from './embedder.port';

/** Embeddings from the configured OpenAI-compatible endpoint (`POST /v1/embeddings`). */
export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  private readonly client: OpenAIEmbeddings;

  constructor(settings: LlmSettings) {
    this.id = settings.embeddingModel;
    this.client = new OpenAIEmbeddings({
      model: settings.embeddingModel,
      apiKey: settings.apiKey ?? 'not-configured',
      configuration: settings.baseUrl === null ? {} : { baseURL: settings.baseUrl },
      // The SDK asks for base64 unless told otherwise; several OpenAI-compatible servers only speak floats.
      encodingFormat: 'float',
      maxRetries: 2,
      timeout: settings.requestTimeoutMs,
    });
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    try {
      return await this.client.embedDocuments([...texts]);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      throw new HeraldError(
        typeof status === 'number' && status < 500 && status !== 429
          ? 'AI.PROVIDER_REJECTED'
          : 'AI.PROVIDER_ERROR',
        'The embedding endpoint failed.',
        { status: typeof status === 'number' ? status : null },
        { cause: error },
      );
    }
  }
}
