import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { HeraldError } from '@herald/shared-kernel';

type JsonObject = Record<string, unknown>;

function literal(node: ValueNode, variables: Readonly<Record<string, unknown>> | null | undefined): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => literal(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field) => [field.name.value, literal(field.value, variables)]),
      );
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.ENUM:
      return node.value;
  }
}

function objectOf(value: unknown): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HeraldError('VALIDATION.FAILED', 'Expected a JSON object.', { field: 'input' });
  return value as JsonObject;
}

/** Named task parameters: their shape depends on the task kind, which the domain validates. */
export const JSONObjectScalar = new GraphQLScalarType<JsonObject, JsonObject>({
  name: 'JSONObject',
  description: 'A JSON object.',
  serialize: objectOf,
  parseValue: objectOf,
  parseLiteral: (node, variables) => objectOf(literal(node, variables)),
});
