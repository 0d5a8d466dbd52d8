import {
  chooseChromaTarget,
  type RunningChroma,
  startChroma,
  warnChromaNotRun,
} from '../../../test/chroma-test-server';
import { describeVectorMemoryContract } from '../../../test/vector-memory.contract';
import { HashingEmbedder } from '../../embeddings/hashing-embedder';
import { ChromaVectorMemory } from './chroma-vector-memory';

const target = chooseChromaTarget();

if (target.kind === 'none') {
  warnChromaNotRun('Chroma vector memory contract', target.reason);
  describe(ChromaVectorMemory.name, () => {
    it.skip('NOT RUN: needs CHROMA_URL or the chroma CLI from the chromadb npm package', () => undefined);
  });
} else {
  describe(`${ChromaVectorMemory.name} (${target.kind})`, () => {
    let server: RunningChroma;
    const prefix = `t${process.pid}${Date.now().toString(36)}`;
    beforeAll(async () => {
      server = await startChroma(target);
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    }, 30_000);

    describeVectorMemoryContract(
      'Chroma',
      async () => new ChromaVectorMemory({ url: server.url, embedder: new HashingEmbedder(256), prefix }),
    );

    it('reports an unreachable server as AI.MEMORY_UNAVAILABLE', async () => {
      const sut = new ChromaVectorMemory({
        url: 'http://127.0.0.1:9',
        embedder: new HashingEmbedder(256),
        prefix,
      });
      await expect(sut.search('org-a', 'brand_voice', { query: 'x', limit: 1 })).rejects.toMatchObject({
        code: 'AI.MEMORY_UNAVAILABLE',
      });
    });
  });
}
