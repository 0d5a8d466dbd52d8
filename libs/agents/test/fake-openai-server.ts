import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible endpoint for the tests: it answers `POST /v1/chat/completions` and
 * `POST /v1/embeddings` from a script the test writes, records every request exactly as sent,
 * and can fail the documented ways (429 with retry-after, 5xx, hanging, unreadable JSON).
 */
export type ScriptedReply =
  | {
      readonly kind: 'chat';
      readonly content?: string;
      readonly toolCalls?: readonly { id: string; name: string; arguments: Record<string, unknown> }[];
      readonly promptTokens?: number;
      readonly completionTokens?: number;
      readonly model?: string;
      readonly delayMs?: number;
    }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly headers?: Record<string, string>;
      readonly body?: unknown;
    }
  | { readonly kind: 'malformed' }
  /** Accepts the request and never answers: the client's timeout must end it. */
  | { readonly kind: 'hang' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

export interface FakeOpenAi {
  /** `http://127.0.0.1:<port>/v1`, what OPENAI_BASE_URL holds. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  script(...replies: ScriptedReply[]): void;
  /** Replies still queued: a test that scripted more than was asked for should fail. */
  pending(): number;
  close(): Promise<void>;
}

const MODEL_ECHO = 'fake-model-2025';

export async function startFakeOpenAi(
  options: { embed?: (text: string) => number[] } = {},
): Promise<FakeOpenAi> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const open = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const body = raw.length > 0 ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      if (req.method === 'POST' && req.url === '/v1/embeddings') return embeddings(body, res);
      if (req.method === 'POST' && req.url === '/v1/chat/completions') {
        const reply = queue.shift();
        if (reply === undefined)
          return json(res, 500, { error: { message: 'unscripted chat request', type: 'test' } });
        return answer(reply, body, res);
      }
      json(res, 404, {
        error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' },
      });
    });
  });

  function embeddings(body: Record<string, unknown>, res: ServerResponse): void {
    const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
    if (!options.embed)
      return json(res, 500, { error: { message: 'embeddings not scripted', type: 'test' } });
    const embed = options.embed;
    json(res, 200, {
      object: 'list',
      model: body.model,
      data: input.map((text, index) => ({
        object: 'embedding',
        index,
        embedding:
          body.encoding_format === 'base64'
            ? Buffer.from(new Float32Array(embed(text)).buffer).toString('base64')
            : embed(text),
      })),
      usage: {
        prompt_tokens: input.join(' ').split(/\s+/).length,
        total_tokens: input.join(' ').split(/\s+/).length,
      },
    });
  }

  function answer(reply: ScriptedReply, body: Record<string, unknown>, res: ServerResponse): void {
    switch (reply.kind) {
      case 'status':
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(
          JSON.stringify(
            reply.body ?? { error: { message: `scripted ${reply.status}`, type: 'server_error' } },
          ),
        );
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "chatcmpl-1", "choices": [ {"message": ');
        return;
      case 'hang':
        open.add(res);
        res.on('close', () => open.delete(res));
        return;
      case 'chat': {
        const send = () => (body.stream === true ? stream(reply, body, res) : completion(reply, res));
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      }
    }
  }

  const toolCallsOf = (reply: Extract<ScriptedReply, { kind: 'chat' }>) =>
    (reply.toolCalls ?? []).map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
    }));

  const usageOf = (reply: Extract<ScriptedReply, { kind: 'chat' }>) => ({
    prompt_tokens: reply.promptTokens ?? 10,
    completion_tokens: reply.completionTokens ?? 5,
    total_tokens: (reply.promptTokens ?? 10) + (reply.completionTokens ?? 5),
  });

  function completion(reply: Extract<ScriptedReply, { kind: 'chat' }>, res: ServerResponse): void {
    const toolCalls = toolCallsOf(reply);
    json(res, 200, {
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: 1_740_000_000,
      model: reply.model ?? MODEL_ECHO,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.content ?? null,
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
        },
      ],
      usage: usageOf(reply),
    });
  }

  function stream(
    reply: Extract<ScriptedReply, { kind: 'chat' }>,
    body: Record<string, unknown>,
    res: ServerResponse,
  ): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const base = {
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion.chunk',
      created: 1_740_000_000,
      model: reply.model ?? MODEL_ECHO,
    };
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      res.write(
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    chunk({ role: 'assistant', content: '' }, null);
    const content = reply.content ?? '';
    for (let at = 0; at < content.length; at += 7) chunk({ content: content.slice(at, at + 7) }, null);
    toolCallsOf(reply).forEach((call, index) => {
      const args = call.function.arguments;
      const half = Math.ceil(args.length / 2);
      chunk(
        {
          tool_calls: [
            {
              index,
              id: call.id,
              type: 'function',
              function: { name: call.function.name, arguments: args.slice(0, half) },
            },
          ],
        },
        null,
      );
      chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, null);
    });
    chunk({}, (reply.toolCalls ?? []).length > 0 ? 'tool_calls' : 'stop');
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage)
      res.write(`data: ${JSON.stringify({ ...base, choices: [], usage: usageOf(reply) })}\n\n`);
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((request) => request.path === '/v1/chat/completions'),
    script: (...replies) => queue.push(...replies),
    pending: () => queue.length,
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
