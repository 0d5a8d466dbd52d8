import { Agent, request } from 'node:http';

/** One keep-alive connection per client, as a browser or SDK would hold; no pooling across clients. */
export class BenchClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private readonly url: string,
    public token: string | null = null,
  ) {}

  async call<Data>(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
    const body = JSON.stringify({ query, variables });
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json',
            'content-length': Buffer.byteLength(body),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          },
        },
        (res) => {
          let chunks = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (chunks += chunk));
          res.on('end', () => resolve(chunks));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const parsed = JSON.parse(text) as {
      data?: Data;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    if (parsed.errors?.length) {
      const [first] = parsed.errors;
      throw new Error(`${first.extensions?.code ?? 'ERROR'}: ${first.message}`);
    }
    return parsed.data as Data;
  }

  close(): void {
    this.agent.destroy();
  }
}
