import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'The event store this server appends to and reads from.' })
export class EventStoreInfo {
  @Field({ description: 'sqlite (embedded) or eventstoredb.' })
  adapter!: string;

  // Float, not Int: GraphQL Int stops at 2^31 and a busy log passes that; Float is exact to 2^53.
  @Field(() => Float, { description: 'Global position of the last event in the log (0 when empty).' })
  headPosition!: number;
}

@ObjectType({ description: 'What is running: for operators, support and client compatibility checks.' })
export class ServerInfo {
  @Field()
  name!: string;

  @Field()
  version!: string;

  @Field({ description: 'embedded (one process, no servers) or production.' })
  mode!: string;

  @Field()
  startedAt!: Date;

  @Field(() => EventStoreInfo)
  eventStore!: EventStoreInfo;
}
