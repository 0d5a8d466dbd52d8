import { type FakeOpenAi, startFakeOpenAi } from '../test/fake-openai-server';
import { createAgentRuntime, type AgentsConfig } from './agent-runtime';
import { ChromaVectorMemory } from './memory/chroma/chroma-vector-memory';
import { InMemoryVectorMemory } from './memory/in-memory/in-memory-vector-memory';
import { projectionTokenBudget } from './runner/token-budget.port';

const noCommands = { execute: async () => Promise.reject(new Error('no command expected')) };
const budget = { allowance: async () => ({ budgetTokens: 1, usedTokens: 0 }) };

describe(createAgentRuntime.name, () => {
  let fake: FakeOpenAi;
  beforeEach(async () => {
    fake = await startFakeOpenAi({ embed: (text) => [text.length, 1, 0] });
  });
  afterEach(() => fake.close());

  it('runs without a model or Chroma: no LLM, lexical embeddings, in-process vectors', () => {
    const config: AgentsConfig = { openaiModel: 'gpt-4o-mini', llmConfigured: false, vectorMemory: 'memory' };
    const sut = createAgentRuntime({ config, commands: noCommands, budget });
    expect(sut.llm).toBeNull();
    expect(sut.embedder.id).toBe('hash512');
    expect(sut.memory).toBeInstanceOf(InMemoryVectorMemory);
  });

  it('uses the configured endpoint for chat and embeddings, and Chroma when VECTOR_MEMORY=chroma', async () => {
    const config: AgentsConfig = {
      openaiBaseUrl: fake.baseUrl,
      openaiApiKey: 'sk-test-key',
      openaiModel: 'llama3.1:8b',
      llmConfigured: true,
      vectorMemory: 'chroma',
      chromaUrl: 'http://127.0.0.1:8000',
    };
    const sut = createAgentRuntime({ config, commands: noCommands, budget });
    expect(sut.llm?.model).toBe('llama3.1:8b');
    expect(sut.memory).toBeInstanceOf(ChromaVectorMemory);
    expect(await sut.embedder.embed(['hello', 'spring picnic'])).toEqual([
      [5, 1, 0],
      [13, 1, 0],
    ]);
    const [request] = fake.requests;
    expect(request.path).toBe('/v1/embeddings');
    expect(request.headers.authorization).toBe('Bearer sk-test-key');
    expect(request.body).toEqual({
      model: 'text-embedding-3-small',
      input: ['hello', 'spring picnic'],
      encoding_format: 'float',
    });
  });
});

describe(projectionTokenBudget.name, () => {
  it("reads this UTC month's usage, and holds an organization with an unknown plan to the free budget", async () => {
    const asked: unknown[] = [];
    const usage =
      (budgetTokens: number | null, tokens: number) =>
      async (input: { organizationId: string; month: string }) => {
        asked.push(input);
        return { budgetTokens, tokens } as never;
      };
    expect(
      await projectionTokenBudget({ monthlyUsage: usage(2_000_000, 1234) }).allowance(
        'org-1',
        new Date('2026-03-31T23:59:00Z'),
      ),
    ).toEqual({
      budgetTokens: 2_000_000,
      usedTokens: 1234,
    });
    expect(
      await projectionTokenBudget({ monthlyUsage: usage(null, 10) }).allowance(
        'org-1',
        new Date('2026-04-01T00:00:00Z'),
      ),
    ).toEqual({
      budgetTokens: 50_000,
      usedTokens: 10,
    });
    expect(asked).toEqual([
      { organizationId: 'org-1', month: '2026-03' },
      { organizationId: 'org-1', month: '2026-04' },
    ]);
  });
});
