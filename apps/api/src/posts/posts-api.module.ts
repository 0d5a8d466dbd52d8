import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PostsModule } from '@herald/posts';
import { CalendarApiModule } from '../calendar/calendar-api.module';
import { PostFactsReader } from './post-facts.reader';
import { PostMutationsResolver } from './post-mutations.resolver';
import { PostOperations } from './post-operations.service';
import { PostsResolver } from './posts.resolver';
import { ReadModelCatchUp } from './read-model-catch-up';

/**
 * Posts and the content calendar at the GraphQL edge. Needs the process's config, event store,
 * commands and read-models modules.
 */
@Module({
  imports: [CqrsModule, PostsModule, CalendarApiModule],
  providers: [ReadModelCatchUp, PostFactsReader, PostOperations, PostsResolver, PostMutationsResolver],
})
export class PostsApiModule {}
