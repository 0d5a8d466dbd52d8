import { GraphQLError, buildSchema, parse, validate } from 'graphql';
import { HeraldError } from '@herald/shared-kernel';
import { depthLimitRule } from './depth-limit.rule';
import { formatGraphQLError } from './format-error';
import { fromHeraldError } from './graphql-errors';

describe(formatGraphQLError.name, () => {
  it("passes Herald's errors through without the internal mark or a stack trace", () => {
    const formatted = fromHeraldError(new HeraldError('NOT_FOUND'), 'req-1').toJSON();
    const out = formatGraphQLError({
      ...formatted,
      extensions: { ...formatted.extensions, stacktrace: ['at x'] },
    });
    expect(out.extensions).toEqual({ code: 'NOT_FOUND', httpStatus: 404, details: {}, requestId: 'req-1' });
  });

  it("keeps GraphQL's own client error codes, with a 400", () => {
    const out = formatGraphQLError({
      message: 'Cannot query field "x"',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['…'] },
    });
    expect(out).toEqual({
      message: 'Cannot query field "x"',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', httpStatus: 400 },
    });
  });

  it('hides anything else as INTERNAL', () => {
    const out = formatGraphQLError({
      message: 'connect ECONNREFUSED 10.0.0.5:27017',
      path: ['organization'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(out).toEqual({
      message: 'An unexpected error occurred; it has been logged.',
      path: ['organization'],
      extensions: { code: 'INTERNAL', httpStatus: 500 },
    });
  });
});

describe(depthLimitRule.name, () => {
  const schema = buildSchema(`
    type Node { id: ID! child: Node }
    type Query { node: Node }
  `);
  const nested = (depth: number): string =>
    `{ ${'node { '.repeat(1)}${'child { '.repeat(depth - 2)}id${' }'.repeat(depth - 1)} }`;
  const errorsOf = (query: string, max: number): readonly GraphQLError[] =>
    validate(schema, parse(query), [depthLimitRule(max)]);

  it('accepts a document at the limit and rejects one level deeper as AUTH.QUERY_TOO_COMPLEX', () => {
    expect(errorsOf(nested(5), 5)).toEqual([]);
    const [error] = errorsOf(nested(6), 5);
    expect(error.message).toBe('This query is nested 6 levels deep; the limit is 5. Split it.');
    const out = formatGraphQLError({
      message: error.message,
      extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(out.extensions).toEqual({
      code: 'AUTH.QUERY_TOO_COMPLEX',
      httpStatus: 400,
      details: { maxDepth: 5, depth: 6 },
    });
  });

  it('follows fragments and does not count introspection', () => {
    const viaFragments = `{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { id } } }`;
    expect(errorsOf(viaFragments, 5)).toHaveLength(0);
    expect(errorsOf(viaFragments, 4)).toHaveLength(1);
    expect(errorsOf(`{ __schema { types { fields { type { ofType { name } } } } } }`, 2)).toEqual([]);
  });
});
