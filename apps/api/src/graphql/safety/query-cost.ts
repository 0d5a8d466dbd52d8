import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export const MAX_QUERY_COST = 5_000;
/** What an unbounded list field is assumed to hold: most of Herald's lists are short (accounts, members). */
export const DEFAULT_LIST_SIZE = 10;
/** The arguments that bound a page; their value (or default) multiplies the cost of what is inside. */
const SIZE_ARGUMENTS = ['limit', 'first'] as const;

export interface QueryCostInput {
  readonly schema: GraphQLSchema;
  readonly operation: OperationDefinitionNode;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Readonly<Record<string, unknown>>;
}

/**
 * An upper bound of the objects one operation may resolve: each field costs 1, and whatever is
 * selected under a field with a `limit`/`first` argument (its value, or its default) or under a
 * list field (DEFAULT_LIST_SIZE) counts that many times. A list directly under a sized field is
 * the page itself (`posts(limit: 50) { items { … } }`) and is not multiplied again. Runs after
 * validation, so fields exist and fragments are acyclic; introspection is bounded by the spec
 * and free.
 */
export function queryCost(input: QueryCostInput): number {
  const root =
    input.operation.operation === 'query'
      ? input.schema.getQueryType()
      : input.operation.operation === 'mutation'
        ? input.schema.getMutationType()
        : input.schema.getSubscriptionType();
  if (!root) return 0;
  return selectionCost(input, root, input.operation.selectionSet, false);
}

function selectionCost(
  input: QueryCostInput,
  parent: GraphQLNamedType,
  selectionSet: SelectionSetNode | undefined,
  parentSized: boolean,
): number {
  if (selectionSet === undefined) return 0;
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      total += fieldCost(input, parent, selection, parentSized);
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : input.fragments[selection.name.value];
      if (fragment === undefined) continue;
      const condition = fragment.typeCondition
        ? (input.schema.getType(fragment.typeCondition.name.value) ?? parent)
        : parent;
      total += selectionCost(input, condition, fragment.selectionSet, parentSized);
    }
  }
  return total;
}

function fieldCost(
  input: QueryCostInput,
  parent: GraphQLNamedType,
  node: FieldNode,
  parentSized: boolean,
): number {
  if (node.name.value.startsWith('__')) return 0;
  const field =
    isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
  // Union members are reached through fragments; a field of an unknown parent cannot be priced.
  if (field === undefined) return 1;
  const size = sizeArgument(field, node, input.variables);
  const isList = isListType(getNullableType(field.type));
  const multiplier = size ?? (isList && !parentSized ? DEFAULT_LIST_SIZE : 1);
  // A sized object is a page (`{ items nextCursor }`) whose list the size already counts; a sized list is the items.
  const inner = selectionCost(
    input,
    getNamedType(field.type),
    node.selectionSet,
    size !== undefined && !isList,
  );
  return 1 + multiplier * inner;
}

function sizeArgument(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Readonly<Record<string, unknown>>,
): number | undefined {
  for (const name of SIZE_ARGUMENTS) {
    const definition = field.args.find((argument) => argument.name === name);
    if (definition === undefined) continue;
    const given = node.arguments?.find((argument) => argument.name.value === name);
    const value = given ? valueFromASTUntyped(given.value, variables) : definition.defaultValue;
    // A missing or null size: the resolver applies its own default, bounded by its validation.
    if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.floor(value));
    return DEFAULT_LIST_SIZE;
  }
  return undefined;
}
