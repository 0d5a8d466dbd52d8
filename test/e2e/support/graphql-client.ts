import type { ExecutionResult as GraphQLExecutionResult } from 'graphql';
import { createClient } from 'graphql-http';

export type ExecutionResult<Data> = GraphQLExecutionResult<Data, unknown>;

/** One query through graphql-http's client: a spec-compliant GraphQL-over-HTTP client, not hand-made requests. */
export async function queryGraphQL<Data>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<ExecutionResult<Data>> {
  const client = createClient({ url, headers });
  try {
    return await new Promise<ExecutionResult<Data>>((resolve, reject) => {
      let result: ExecutionResult<Data> | undefined;
      client.subscribe<Data>(
        { query, variables },
        {
          next: (value) => {
            result = value;
          },
          error: reject,
          complete: () => (result ? resolve(result) : reject(new Error('no result'))),
        },
      );
    });
  } finally {
    client.dispose();
  }
}
