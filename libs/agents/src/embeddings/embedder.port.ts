/**
 * Turns texts into vectors for the agent memory. `id` names the vector space (model and size):
 * vectors of different spaces never share a Chroma collection.
 */
export interface Embedder {
  readonly id: string;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}
