import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible chat endpoint that answers from a queue and measures its own time per
 * request (first byte of the request read → response flushed), so the bench can subtract the
 * model's share and keep only Herald's.
 */
export interface TimedModelServer {
  readonly baseUrl: string;
  script(...contents: string[]): void;
  /** Milliseconds spent inside the server since the last reset, and how many chat calls it answered. */
  take(): { modelMs: number; calls: number };
  close(): Promise<void>;
}

export async function startTimedModelServer(): Promise<TimedModelServer> {
  const queue: string[] = [];
  let modelMs = 0;
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let started = 0;
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (started === 0) started = performance.now();
      raw += chunk;
    });
    req.on('end', () => {
      if (started === 0) started = performance.now();
      JSON.parse(raw === '' ? '{}' : raw);
      const content = queue.shift();
      const status = req.url === '/v1/chat/completions' && content !== undefined ? 200 : 500;
      const body =
        status === 200
          ? {
              id: `chatcmpl-${calls}`,
              object: 'chat.completion',
              created: 1_740_000_000,
              model: 'gpt-4o-mini',
              choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
              usage: { prompt_tokens: 200, completion_tokens: 50, total_tokens: 250 },
            }
          : { error: { message: `unscripted ${req.method} ${req.url}`, type: 'bench' } };
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body), () => {
        modelMs += performance.now() - started;
        calls += 1;
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    script: (...contents) => queue.push(...contents),
    take: () => {
      const taken = { modelMs, calls };
      modelMs = 0;
      calls = 0;
      return taken;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
