import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** Nest's header for generated SDL files; kept here because @nestjs/graphql does not export it. */
const SDL_HEADER = `# ------------------------------------------------------
# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)
# ------------------------------------------------------

`;

/** apps/api/schema.gql exactly as Nest writes it with `sortSchema: true`. */
export function printSchemaFile(schema: GraphQLSchema): string {
  return SDL_HEADER + printSchema(lexicographicSortSchema(schema));
}
