import { CancelAgentTaskCommand } from '@herald/agent-tasks';
import { type AgentsHarness, dataOf, ORG, OTHER_ORG, startAgents } from '../../test/agents-harness';
import { type FakeOpenAi, startFakeOpenAi } from '../../test/fake-openai-server';
import { contentCreatorAgent } from './content-creator.agent';

const DRAFT = {
  text: 'Spring picnics are back, friends! Grab a basket and join us this Saturday. Book your spot today.',
  hashtags: ['#springvibes', 'picnic'],
  callToAction: 'Book your spot today.',
  variants: { x: 'Spring picnics are back, friends! Join us Saturday. Book today.' },
};

const EXPECTED_SYSTEM_PROMPT = `You write social media posts for one organization, in the organization's own brand voice.

Brand voice notes from the organization's memory:
- Warm and playful; short sentences; we call customers friends.

Past posts of the organization on similar subjects:
- "Spring picnic baskets are back, friends!" (engagement rate 6.0%)
- "Winter sale ends Sunday" (engagement rate 2.0%)

Hashtags from the organization's own history, best first:
#picnic #springvibes

Platforms and their limits:
instagram (Instagram): at most 2200 characters, at most 30 hashtags
x (X): at most 280 weighted characters

Rules:
- Keep to the brand voice. Do not invent facts, prices, dates or quotes the request does not give.
- End the text with one clear call to action.
- Use 1 to 5 hashtags, preferably from the list above; they are appended to the text, do not repeat them in it.
- Add a variant for a platform only when the main text does not fit it or its audience needs another tone.
- You may call search_memory for more context before answering.

Answer with one JSON object only:
{"text": string, "hashtags": string[], "callToAction": string, "variants": {"<platform>": string}}`;

const SEARCH_MEMORY = {
  type: 'function',
  function: {
    name: 'search_memory',
    description:
      "Search the organization's memory: brand voice notes, past posts with their results, or engagement patterns.",
    parameters: {
      type: 'object',
      properties: {
        collection: { type: 'string', enum: ['brand_voice', 'content_history', 'engagement_patterns'] },
        query: { type: 'string', description: 'What to look for, in a few words.' },
      },
      required: ['collection', 'query'],
      additionalProperties: false,
    },
  },
};

const INPUT = {
  topic: 'spring picnic launch',
  platforms: ['instagram', 'x'],
  brief: 'Saturday picnic at the park',
};

async function seedMemory(sut: AgentsHarness): Promise<void> {
  await sut.memory.remember(ORG, 'brand_voice', [
    {
      id: 'voice-1',
      text: 'Warm and playful; short sentences; we call customers friends.',
      subjectId: null,
      recordedAt: '2026-01-01T00:00:00.000Z',
    },
  ]);
  await sut.memory.remember(ORG, 'content_history', [
    {
      id: 'post-1',
      text: 'Spring picnic baskets are back, friends!',
      subjectId: null,
      recordedAt: '2026-03-01T10:00:00.000Z',
      attributes: { hashtags: 'springvibes picnic', engagementRate: 0.06, platform: 'instagram' },
    },
    {
      id: 'post-2',
      text: 'Winter sale ends Sunday',
      subjectId: null,
      recordedAt: '2026-01-10T10:00:00.000Z',
      attributes: { hashtags: 'wintersale', engagementRate: 0.02, platform: 'instagram' },
    },
  ]);
  await sut.memory.remember(OTHER_ORG, 'brand_voice', [
    {
      id: 'voice-1',
      text: 'Formal and corporate. Never use emoji.',
      subjectId: null,
      recordedAt: '2026-01-01T00:00:00.000Z',
    },
  ]);
}

describe(contentCreatorAgent.kind, () => {
  let fake: FakeOpenAi;
  let sut: AgentsHarness;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
    sut = await startAgents({ llmBaseUrl: fake.baseUrl });
    await seedMemory(sut);
  });
  afterEach(async () => {
    await sut.close();
    await fake.close();
  });

  it('writes a platform-aware draft in the brand voice, records every step, and drafts the post through the normal command', async () => {
    fake.script(
      {
        kind: 'chat',
        toolCalls: [
          {
            id: 'call_1',
            name: 'search_memory',
            arguments: { collection: 'engagement_patterns', query: 'picnic' },
          },
        ],
        promptTokens: 400,
        completionTokens: 20,
        model: 'gpt-4o-mini-2024-07-18',
      },
      {
        kind: 'chat',
        content: `Here you go:\n\`\`\`json\n${JSON.stringify(DRAFT)}\n\`\`\``,
        promptTokens: 480,
        completionTokens: 90,
        model: 'gpt-4o-mini-2024-07-18',
      },
    );
    const requested = await sut.request('content_creator', INPUT);
    const started = performance.now();
    const outcome = await sut.runner.handle(requested);
    const latency = performance.now() - started;
    const taskId = dataOf<{ taskId: string }>(requested).taskId;

    expect(outcome).toMatchObject({
      status: 'completed',
      taskId,
      result: { text: DRAFT.text, hashtags: ['springvibes', 'picnic'], callToAction: DRAFT.callToAction },
    });
    const [first, second] = fake.chatRequests();
    expect(first.body.model).toBe('gpt-4o-mini');
    expect(first.body.tools).toEqual([SEARCH_MEMORY]);
    expect(first.body.messages).toEqual([
      { role: 'system', content: EXPECTED_SYSTEM_PROMPT },
      {
        role: 'user',
        content: 'Topic: spring picnic launch\nPlatforms: instagram, x\nBrief: Saturday picnic at the park',
      },
    ]);
    expect(second.body.messages).toEqual([
      ...(first.body.messages as unknown[]),
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: {
              name: 'search_memory',
              arguments: '{"collection":"engagement_patterns","query":"picnic"}',
            },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '[]' },
    ]);

    const events = await sut.events(taskId);
    expect(
      events.map((event) => [
        event.type,
        (event.data as { tool?: string; name?: string }).tool ??
          (event.data as { name?: string }).name ??
          null,
      ]),
    ).toEqual([
      ['agentTask.requested', null],
      ['agentTask.started', null],
      ['agentTask.toolCallRecorded', 'memory.search'],
      ['agentTask.toolCallRecorded', 'memory.search'],
      ['agentTask.toolCallRecorded', 'hashtags.suggest'],
      ['agentTask.toolCallRecorded', 'llm.chat'],
      ['agentTask.toolCallRecorded', 'memory.search'],
      ['agentTask.toolCallRecorded', 'llm.chat'],
      ['agentTask.stepRecorded', 'content_creator.check'],
      ['agentTask.toolCallRecorded', 'posts.draft'],
      ['agentTask.completed', null],
    ]);
    expect(
      events
        .slice(1)
        .every(
          (event) => event.metadata.actor.kind === 'agent' && event.metadata.causationId === requested.id,
        ),
    ).toBe(true);
    expect(dataOf(events[5])).toMatchObject({
      arguments: {
        node: 'content_creator.write',
        model: 'gpt-4o-mini',
        tools: ['search_memory'],
        messages: 2,
      },
      result: {
        model: 'gpt-4o-mini-2024-07-18',
        tokensIn: 400,
        tokensOut: 20,
        costUsdMicros: 72,
        toolCalls: ['search_memory'],
      },
      ok: true,
    });
    // 880 tokens in at $0.15/M and 110 out at $0.60/M: 132 + 66 micro-dollars.
    expect(dataOf(events[10])).toMatchObject({
      model: 'gpt-4o-mini-2024-07-18',
      tokensIn: 880,
      tokensOut: 110,
      costUsdMicros: 198,
    });

    const postId = (outcome as unknown as { result: { postId: string } }).result.postId;
    const [drafted] = await sut.store.readStream(`post-${postId}`);
    expect(drafted.type).toBe('post.drafted');
    expect(drafted.metadata).toMatchObject({
      tenantId: ORG,
      actor: { kind: 'agent', id: 'content_creator' },
      correlationId: 'corr-eve-1',
    });
    expect(dataOf(drafted)).toMatchObject({
      organizationId: ORG,
      content: { text: DRAFT.text, hashtags: ['springvibes', 'picnic'], media: [] },
      variants: { x: { text: DRAFT.variants.x } },
    });
    process.stdout.write(
      `\ncontent creator end to end against the fake endpoint (2 model calls, 11 events): ${latency.toFixed(0)} ms\n`,
    );
  });

  it('adds little to the model time: warm end-to-end runs stay far under the 5 s generation target', async () => {
    const timings: number[] = [];
    for (let round = 0; round < 5; round++) {
      fake.script({ kind: 'chat', content: JSON.stringify(DRAFT), promptTokens: 500, completionTokens: 90 });
      const requested = await sut.request('content_creator', INPUT);
      const started = performance.now();
      expect(await sut.runner.handle(requested)).toMatchObject({ status: 'completed' });
      timings.push(performance.now() - started);
    }
    const median = [...timings].sort((a, b) => a - b)[2];
    process.stdout.write(
      `\ncontent creator, warm, 1 model call + draft command: median ${median.toFixed(0)} ms of ${timings.map((t) => t.toFixed(0)).join(', ')}\n`,
    );
    expect(median).toBeLessThan(5000);
  });

  it("never recalls another organization's brand voice", async () => {
    fake.script({ kind: 'chat', content: JSON.stringify(DRAFT) });
    const requested = await sut.request('content_creator', { ...INPUT, createDraft: false }, OTHER_ORG);
    await sut.runner.handle(requested);
    const system = (fake.chatRequests()[0].body.messages as { content: string }[])[0].content;
    expect(system).toContain('- Formal and corporate. Never use emoji.');
    expect(system).not.toContain('Warm and playful');
    expect(system).not.toContain('Spring picnic baskets');
  });

  it('asks once more when the answer is unusable, then fails as AI.INVALID_RESPONSE, retryable', async () => {
    fake.script(
      { kind: 'chat', content: 'Sure! Here is a lovely post about spring.' },
      { kind: 'chat', content: '{"text": ""}' },
    );
    const requested = await sut.request('content_creator', INPUT);
    const outcome = await sut.runner.handle(requested);
    expect(outcome).toMatchObject({ status: 'failed', code: 'AI.INVALID_RESPONSE' });
    expect((fake.chatRequests()[1].body.messages as { role: string; content: string }[]).at(-1)).toEqual({
      role: 'user',
      content: `That answer could not be used (The model's answer was unusable: the answer holds no JSON object.). Reply with the JSON object only.`,
    });
    const last = (await sut.events(dataOf<{ taskId: string }>(requested).taskId)).at(-1);
    expect(last?.type).toBe('agentTask.failed');
    expect(dataOf(last!)).toMatchObject({
      retryable: true,
      reason: expect.stringMatching(/^AI\.INVALID_RESPONSE: /),
    });
  });

  it('repairs a text that breaks a platform rule once, with the rule in the request', async () => {
    const tooLong = { ...DRAFT, variants: {}, text: `${'Spring picnics are back. '.repeat(14)}Book today.` };
    fake.script(
      { kind: 'chat', content: JSON.stringify(tooLong) },
      { kind: 'chat', content: JSON.stringify(DRAFT) },
    );
    const outcome = await sut.runner.handle(await sut.request('content_creator', INPUT));
    expect(outcome).toMatchObject({ status: 'completed', result: { text: DRAFT.text } });
    const repair = (fake.chatRequests()[1].body.messages as { content: string }[]).at(-1)?.content ?? '';
    expect(repair).toMatch(
      /^Fix these problems and answer with the whole JSON object again:\nX: X allows at most 280 weighted characters; this text has \d+/,
    );
  });

  it('stops at its step bound with AI.MAX_STEPS when the model keeps calling tools', async () => {
    await sut.close();
    sut = await startAgents({ llmBaseUrl: fake.baseUrl, limits: { maxSteps: 6 } });
    const call = (id: string) => ({
      kind: 'chat' as const,
      toolCalls: [{ id, name: 'search_memory', arguments: { collection: 'brand_voice', query: 'more' } }],
    });
    fake.script(call('c1'), call('c2'));
    const requested = await sut.request('content_creator', INPUT);
    expect(await sut.runner.handle(requested)).toMatchObject({ status: 'failed', code: 'AI.MAX_STEPS' });
    const failed = (await sut.events(dataOf<{ taskId: string }>(requested).taskId)).at(-1)!;
    expect(dataOf(failed)).toMatchObject({
      retryable: false,
      reason: 'AI.MAX_STEPS: The agent reached its bound of 6 steps.',
    });
  });

  it('is cancelled mid-call by a cancellation event and records nothing after it', async () => {
    fake.script({ kind: 'hang' });
    const requested = await sut.request('content_creator', INPUT);
    const taskId = dataOf<{ taskId: string }>(requested).taskId;
    const running = sut.runner.handle(requested);
    await waitFor(() => fake.chatRequests().length === 1);
    await sut.bus.execute(
      new CancelAgentTaskCommand(taskId, 'changed my mind', 'editor', {
        tenantId: ORG,
        actor: { kind: 'user', id: 'user-eve' },
        correlationId: 'corr-eve-1',
        causationId: null,
      }),
    );
    const cancelled = (await sut.events(taskId)).at(-1)!;
    await sut.runner.handle(cancelled);
    expect(await running).toEqual({ status: 'cancelled', taskId });
    const types = (await sut.events(taskId)).map((event) => event.type);
    expect(types.at(-1)).toBe('agentTask.cancelled');
    expect(types).not.toContain('agentTask.failed');
  });

  it('fails as AI.TIMEOUT, retryable, when the task outlives its deadline', async () => {
    await sut.close();
    sut = await startAgents({ llmBaseUrl: fake.baseUrl, limits: { timeoutMs: 300 } });
    fake.script({ kind: 'hang' });
    const requested = await sut.request('content_creator', INPUT);
    expect(await sut.runner.handle(requested)).toMatchObject({ status: 'failed', code: 'AI.TIMEOUT' });
    expect(dataOf((await sut.events(dataOf<{ taskId: string }>(requested).taskId)).at(-1)!)).toMatchObject({
      retryable: true,
    });
  });

  it('runs a task once when its request is delivered twice', async () => {
    fake.script({ kind: 'chat', content: JSON.stringify(DRAFT) });
    const requested = await sut.request('content_creator', { ...INPUT, createDraft: false });
    expect(await sut.runner.handle(requested)).toMatchObject({ status: 'completed' });
    expect(await sut.runner.handle(requested)).toMatchObject({ status: 'skipped' });
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it("fails with AI.BUDGET_EXCEEDED, before any model call, once the plan's monthly tokens are used", async () => {
    sut.budget.figures = { budgetTokens: 50_000, usedTokens: 50_000 };
    const requested = await sut.request('content_creator', INPUT);
    expect(await sut.runner.handle(requested)).toMatchObject({
      status: 'failed',
      code: 'AI.BUDGET_EXCEEDED',
    });
    expect(fake.chatRequests()).toHaveLength(0);
    expect(
      (await sut.events(dataOf<{ taskId: string }>(requested).taskId)).map((event) => event.type),
    ).toEqual(['agentTask.requested', 'agentTask.failed']);
  });

  it('stops a run whose calls exhaust the budget mid-way', async () => {
    sut.budget.figures = { budgetTokens: 50_000, usedTokens: 49_900 };
    fake.script({
      kind: 'chat',
      toolCalls: [{ id: 'c1', name: 'search_memory', arguments: { collection: 'brand_voice', query: 'x' } }],
      promptTokens: 90,
      completionTokens: 20,
    });
    const outcome = await sut.runner.handle(await sut.request('content_creator', INPUT));
    expect(outcome).toMatchObject({ status: 'failed', code: 'AI.BUDGET_EXCEEDED' });
    expect(fake.chatRequests()).toHaveLength(1);
  });
});

describe(`${contentCreatorAgent.kind} without a model`, () => {
  it('fails fast with AI.NOT_CONFIGURED, not retryable, without starting', async () => {
    const sut = await startAgents();
    try {
      const requested = await sut.request('content_creator', INPUT);
      expect(await sut.runner.handle(requested)).toMatchObject({
        status: 'failed',
        code: 'AI.NOT_CONFIGURED',
      });
      const events = await sut.events(dataOf<{ taskId: string }>(requested).taskId);
      expect(events.map((event) => event.type)).toEqual(['agentTask.requested', 'agentTask.failed']);
      expect(dataOf(events[1])).toMatchObject({
        retryable: false,
        reason: expect.stringMatching(/^AI\.NOT_CONFIGURED: /),
      });
    } finally {
      await sut.close();
    }
  });

  it('rejects an input without a topic as AI.INPUT_INVALID', async () => {
    const sut = await startAgents();
    try {
      const outcome = await sut.runner.handle(await sut.request('content_creator', { platforms: ['x'] }));
      expect(outcome).toMatchObject({ status: 'failed', code: 'AI.INPUT_INVALID' });
    } finally {
      await sut.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
