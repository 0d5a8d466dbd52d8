import { describeVectorMemoryContract } from '../../../test/vector-memory.contract';
import { HashingEmbedder } from '../../embeddings/hashing-embedder';
import { InMemoryVectorMemory } from './in-memory-vector-memory';

describeVectorMemoryContract(
  InMemoryVectorMemory.name,
  async () => new InMemoryVectorMemory(new HashingEmbedder(256)),
);
