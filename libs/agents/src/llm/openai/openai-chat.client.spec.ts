import { type FakeOpenAi, startFakeOpenAi } from '../../../test/fake-openai-server';
import { llmClient } from '../../../test/agents-harness';
import type { ToolSpec } from '../llm.port';
import { OpenAiChatClient } from './openai-chat.client';

const TOOL: ToolSpec = {
  name: 'search_memory',
  description: 'Search memory.',
  parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
};

describe(OpenAiChatClient.name, () => {
  let fake: FakeOpenAi;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
  });
  afterEach(async () => {
    expect(fake.pending()).toBe(0);
    await fake.close();
  });

  it('sends the configured model, the messages and the tools exactly, and reads content, usage and model', async () => {
    fake.script({
      kind: 'chat',
      content: 'Hello friends',
      promptTokens: 31,
      completionTokens: 4,
      model: 'gpt-4o-mini-2024-07-18',
    });
    const sut = llmClient(fake.baseUrl);
    const started = performance.now();
    const answer = await sut.chat({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello.' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'search_memory', arguments: { query: 'hello' } }],
        },
        { role: 'tool', toolCallId: 'call_1', content: '[]' },
      ],
      tools: [TOOL],
      temperature: 0.2,
    });
    const latency = performance.now() - started;

    expect(answer).toEqual({
      content: 'Hello friends',
      toolCalls: [],
      model: 'gpt-4o-mini-2024-07-18',
      usage: { tokensIn: 31, tokensOut: 4 },
      finishReason: 'stop',
    });
    const [request] = fake.chatRequests();
    expect(request.headers.authorization).toBe('Bearer sk-test-key');
    expect(request.body).toEqual({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      stream: false,
      tools: [
        {
          type: 'function',
          function: { name: 'search_memory', description: 'Search memory.', parameters: TOOL.parameters },
        },
      ],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello.' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'search_memory', arguments: '{"query":"hello"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '[]' },
      ],
    });
    process.stdout.write(`\nfake-endpoint chat round trip: ${latency.toFixed(1)} ms\n`);
  });

  it('assembles a streamed answer (SSE chunks, split tool-call arguments, usage chunk, [DONE])', async () => {
    fake.script({
      kind: 'chat',
      content: 'A streamed answer in several chunks.',
      toolCalls: [{ id: 'call_9', name: 'search_memory', arguments: { query: 'spring launch' } }],
      promptTokens: 50,
      completionTokens: 12,
    });
    const answer = await llmClient(fake.baseUrl, { stream: true }).chat({
      messages: [{ role: 'user', content: 'Go.' }],
      tools: [TOOL],
    });
    expect(answer).toEqual({
      content: 'A streamed answer in several chunks.',
      toolCalls: [{ id: 'call_9', name: 'search_memory', arguments: { query: 'spring launch' } }],
      model: 'fake-model-2025',
      usage: { tokensIn: 50, tokensOut: 12 },
      finishReason: 'tool_calls',
    });
    expect(fake.chatRequests()[0].body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('waits as long as retry-after says on a 429, then succeeds', async () => {
    fake.script(
      { kind: 'status', status: 429, headers: { 'retry-after': '2' } },
      { kind: 'chat', content: 'ok' },
    );
    const delays: number[] = [];
    const answer = await llmClient(fake.baseUrl, {}, delays).chat({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(answer.content).toBe('ok');
    expect(delays).toEqual([2000]);
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it('gives up with AI.RATE_LIMITED when retry-after is longer than it may wait', async () => {
    fake.script({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    await expect(
      llmClient(fake.baseUrl).chat({ messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      code: 'AI.RATE_LIMITED',
      details: expect.objectContaining({ retryAfterMs: 120_000, attempts: 1 }),
    });
  });

  it('retries 5xx with backoff a bounded number of times, then fails with AI.PROVIDER_ERROR', async () => {
    fake.script(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 503 },
    );
    const delays: number[] = [];
    await expect(
      llmClient(fake.baseUrl, {}, delays).chat({ messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      code: 'AI.PROVIDER_ERROR',
      details: expect.objectContaining({ status: 503, attempts: 3 }),
    });
    expect(delays).toEqual([500, 1000]);
  });

  it('retries an unreadable body and a hung request, then answers', async () => {
    fake.script({ kind: 'malformed' }, { kind: 'hang' }, { kind: 'chat', content: 'finally' });
    const answer = await llmClient(fake.baseUrl, { requestTimeoutMs: 300 }).chat({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(answer.content).toBe('finally');
    expect(fake.chatRequests()).toHaveLength(3);
  });

  it('reports AI.TIMEOUT and AI.INVALID_RESPONSE when every attempt fails that way', async () => {
    fake.script({ kind: 'hang' }, { kind: 'hang' });
    await expect(
      llmClient(fake.baseUrl, { requestTimeoutMs: 200, maxAttempts: 2 }).chat({
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({
      code: 'AI.TIMEOUT',
    });
    fake.script({ kind: 'malformed' });
    await expect(
      llmClient(fake.baseUrl, { maxAttempts: 1 }).chat({ messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      code: 'AI.INVALID_RESPONSE',
    });
  });

  it('never retries a request the endpoint refused for good', async () => {
    fake.script({
      kind: 'status',
      status: 401,
      body: { error: { message: 'Incorrect API key', type: 'invalid_request_error' } },
    });
    await expect(
      llmClient(fake.baseUrl).chat({ messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      code: 'AI.PROVIDER_REJECTED',
      details: expect.objectContaining({ status: 401, attempts: 1 }),
    });
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it('stops at once when the caller cancels, without retrying', async () => {
    fake.script({ kind: 'hang' });
    const controller = new AbortController();
    const pending = llmClient(fake.baseUrl).chat({
      messages: [{ role: 'user', content: 'x' }],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'AI.CANCELLED' });
    expect(fake.chatRequests()).toHaveLength(1);
  });
});
