import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_LIST_SIZE, queryCost } from './query-cost';

const schema = buildSchema(`
  type Query { me: User!  posts(limit: Int! = 20): PostPage!  tags: [String!]!  feed(first: Int): [Post!]! }
  type User { id: ID! name: String! }
  type PostPage { items: [Post!]! nextCursor: String }
  type Post { id: ID! text: String! targets: [Target!]! }
  type Target { accountId: ID! status: String! }
`);

function costOf(source: string, variables: Record<string, unknown> = {}): number {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) throw new Error('no operation');
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return queryCost({ schema, operation, fragments, variables });
}

describe(queryCost.name, () => {
  it('counts each field once for plain objects', () => {
    expect(costOf('{ me { id name } }')).toBe(3);
  });

  it('multiplies a sized field by its limit without counting its page list again', () => {
    // posts: 1 + 50 × [items: 1 + 1 × (id + text) = 3, nextCursor: 1] = 1 + 50 × 4
    expect(costOf('{ posts(limit: 50) { items { id text } nextCursor } }')).toBe(201);
  });

  it('uses the argument default, then variables', () => {
    expect(costOf('{ posts { items { id } } }')).toBe(1 + 20 * 2);
    expect(costOf('query ($n: Int!) { posts(limit: $n) { items { id } } }', { n: 100 })).toBe(1 + 100 * 2);
  });

  it('multiplies unsized lists by the default size, and nested lists compound', () => {
    expect(costOf('{ tags }')).toBe(1);
    expect(costOf('{ feed { id targets { accountId status } } }')).toBe(
      1 + DEFAULT_LIST_SIZE * (1 + 1 + DEFAULT_LIST_SIZE * 2),
    );
    expect(costOf('{ feed(first: 3) { id } }')).toBe(1 + 3 * 1);
  });

  it('follows fragments and ignores introspection', () => {
    expect(costOf('{ me { ...U } } fragment U on User { id name }')).toBe(3);
    expect(costOf('{ __schema { types { name fields { name } } } me { id } }')).toBe(2);
  });
});
