import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startApi } from '../../../apps/api/src/api.bootstrap';
import { ProjectionHost } from '../../../apps/worker/src/infrastructure/projections/projection-host';
import { queryGraphQL, type ExecutionResult } from './graphql-client';
import { captureLogs, type LogLine } from './log-capture';

/** The API booted as `npm start` does, in its own data directory, with a typed GraphQL caller. */
export interface HeraldApi {
  readonly app: NestExpressApplication;
  readonly url: string;
  readonly logs: LogLine[];
  call<Data>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<ExecutionResult<Data>>;
  /** Resolves once the organizations read model has processed every event appended so far. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Sign-in rate limits are off by default here: these flows log in many users from one loopback
 * address within a minute. graphql-safety.spec.ts checks the limits with budgets of its own.
 */
export async function bootHeraldApi(env: Record<string, string> = {}): Promise<HeraldApi> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-e2e-api-'));
  const { destination, lines } = captureLogs();
  const app = await startApi(
    { HERALD_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_AUTH_PER_MINUTE: '0', ...env },
    { logDestination: destination },
  );
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    app,
    url,
    logs: lines,
    call: (query, variables, token, headers = {}) =>
      queryGraphQL(
        url,
        query,
        variables,
        token === undefined ? headers : { ...headers, authorization: `Bearer ${token}` },
      ),
    caughtUp: () => app.get(ProjectionHost).whenCaughtUp(undefined, { timeoutMs: 10_000 }),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The first error's code, for compact assertions. */
export function errorCode(result: ExecutionResult<unknown>): unknown {
  return (result.errors?.[0] as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
}
