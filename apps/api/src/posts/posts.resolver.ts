import { Args, Query, Resolver } from '@nestjs/graphql';
import { MEMBER_ROLES } from '@herald/organizations';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { postsQueries, type PostsQueries } from '@herald/projections/posts';
import { HeraldError } from '@herald/shared-kernel';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import type { HeraldRequestContext } from '../graphql/request-context';
import { postActorOf } from './post-actor';
import { PostArgs, PostsArgs } from './post.inputs';
import { toPost } from './post.mapper';
import { Post, PostConnection } from './post.models';

/** Post reads, straight from the posts read model and always within the caller's organization. */
@Resolver(() => Post)
export class PostsResolver {
  private readonly queries: PostsQueries;

  constructor(catalog: ProjectionCatalog) {
    this.queries = postsQueries(catalog);
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => PostConnection, {
    description: 'Posts most recently changed first (or best matches of `search`), a page at a time.',
  })
  async posts(@Args() args: PostsArgs, @RequestContext() context: HeraldRequestContext): Promise<PostConnection> {
    const scope = {
      organizationId: postActorOf(context).organizationId,
      ...(args.status ? { status: args.status } : {}),
      ...(args.accountId ? { accountIds: args.accountId } : {}),
      ...(args.platform ? { platforms: args.platform } : {}),
      after: args.after ?? null,
      limit: args.limit,
    };
    const page = args.search
      ? await this.queries.search({ ...scope, text: args.search })
      : await this.queries.list(scope);
    return { items: page.items.map(toPost), nextCursor: page.nextCursor };
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => Post, { description: "One of your organization's posts; any other id is NOT_FOUND." })
  async post(@Args() args: PostArgs, @RequestContext() context: HeraldRequestContext): Promise<Post> {
    const view = await this.queries.get({ organizationId: postActorOf(context).organizationId, postId: args.id });
    if (view === null) throw new HeraldError('NOT_FOUND', 'This post does not exist.', { postId: args.id });
    return toPost(view);
  }
}
