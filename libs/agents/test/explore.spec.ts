import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { startFakeOpenAi } from './fake-openai-server';

it('explores', async () => {
  const fake = await startFakeOpenAi();
  const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', configuration: { baseURL: fake.baseUrl }, maxRetries: 0, timeout: 1000, temperature: 0.4, streamUsage: true });
  fake.script({ kind: 'chat', content: 'hello there friend', promptTokens: 12, completionTokens: 4 });
  const bound = model.bindTools([{ type: 'function', function: { name: 'memory_search', description: 'd', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }]);
  const r = await bound.invoke([new SystemMessage('sys'), new HumanMessage('hi')]);
  console.log(JSON.stringify(fake.requests[0].body), JSON.stringify(r.usage_metadata), r.response_metadata, r.content);
  fake.script({ kind: 'chat', content: 'streamed answer here', toolCalls: [{ id: 'c1', name: 'memory_search', arguments: { q: 'x' } }] });
  let agg;
  for await (const c of await bound.stream([new HumanMessage('hi')])) agg = agg ? agg.concat(c) : c;
  console.log(JSON.stringify(fake.requests[1].body), agg?.content, JSON.stringify(agg?.tool_calls), JSON.stringify(agg?.usage_metadata), agg?.response_metadata);
  for (const reply of [{ kind: 'status', status: 429, headers: { 'retry-after': '2' } }, { kind: 'status', status: 500 }, { kind: 'malformed' }, { kind: 'hang' }, { kind: 'status', status: 401 }] as const) {
    fake.script(reply);
    try { await model.invoke([new HumanMessage('x')]); } catch (e) {
      const err = e as Record<string, unknown> & Error;
      console.log(reply.kind, err.constructor.name, err.name, err.message, err.status, (err as { lc_error_code?: string }).lc_error_code, err.headers ? JSON.stringify(Object.fromEntries(new Headers(err.headers as HeadersInit).entries())) : 'noheaders', Object.keys(err), err.cause && (err.cause as Error).constructor.name);
    }
  }
  await fake.close();
});
