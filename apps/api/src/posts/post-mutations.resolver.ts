import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { APPROVER_ROLES, CONTENT_ROLES } from '@herald/posts';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import { commandMetadata, type HeraldRequestContext } from '../graphql/request-context';
import { IdempotencyKey } from '../accounts/social-account.inputs';
import { postActorOf } from './post-actor';
import {
  ApprovePostArgs,
  BulkScheduleInput,
  DraftPostInput,
  EditPostInput,
  PostIdArgs,
  PostReasonArgs,
  PublishPostNowInput,
  RejectPostArgs,
  ReschedulePostInput,
  SchedulePostInput,
} from './post.inputs';
import { BulkScheduleResult, PostPayload } from './post.models';
import { PostOperations } from './post-operations.service';

type Key = string | null | undefined;

/** Post mutations: each checks the role first, then dispatches one command per post. */
@Resolver()
export class PostMutationsResolver {
  constructor(private readonly operations: PostOperations) {}

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => PostPayload, { description: 'Starts a post as a draft in your organization.' })
  draftPost(
    @Args('input') input: DraftPostInput,
    @IdempotencyKey() idempotencyKey: Key,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<PostPayload> {
    return this.operations.draft(postActorOf(context), input, commandMetadata(context, { idempotencyKey }));
  }

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => PostPayload, { description: "Replaces a post's content; approved posts go back to draft." })
  editPost(
    @Args('input') input: EditPostInput,
    @IdempotencyKey() idempotencyKey: Key,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<PostPayload> {
    return this.operations.edit(postActorOf(context), input, commandMetadata(context, { idempotencyKey }));
  }

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => PostPayload)
  submitPostForApproval(@Args() args: PostIdArgs, @RequestContext() context: HeraldRequestContext): Promise<PostPayload> {
    return this.operations.submit(postActorOf(context), args.id, this.metadata(context, args));
  }

  @RequireRole(...APPROVER_ROLES)
  @Mutation(() => PostPayload)
  approvePost(@Args() args: ApprovePostArgs, @RequestContext() context: HeraldRequestContext): Promise<PostPayload> {
    return this.operations.approve(postActorOf(context), args.id, args.note ?? null, this.metadata(context, args));
  }

  @RequireRole(...APPROVER_ROLES)
  @Mutation(() => PostPayload, { description: 'Sends a post back to its author with the reason.' })
  rejectPost(@Args() args: RejectPostArgs, @RequestContext() context: HeraldRequestContext): Promise<PostPayload> {
    return this.operations.reject(postActorOf(context), args.id, args.reason, this.metadata(context, args));
  }

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => PostPayload, {
    description: "Schedules a draft or approved post on accounts, within their daily caps and the plan's limit.",
  })
  schedulePost(
    @Args('input') input: SchedulePostInput,
    @IdempotencyKey() idempotencyKey: Key,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<PostPayload> {
    return this.operations.schedule(postActorOf(context), input, commandMetadata(context, { idempotencyKey }));
  }

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => BulkScheduleResult, {
    description: 'Schedules several posts, each on its own: every item reports its outcome or its error.',
  })
  bulkSchedulePosts(
    @Args('input') input: BulkScheduleInput,
    @IdempotencyKey() idempotencyKey: Key,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<BulkScheduleResult> {
    return this.operations.bulkSchedule(postActorOf(context), input, commandMetadata(context, { idempotencyKey }));
  }

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => PostPayload, { description: 'Moves a scheduled post to another instant, on the same accounts.' })
  reschedulePost(
    @Args('input') input: ReschedulePostInput,
    @IdempotencyKey() idempotencyKey: Key,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<PostPayload> {
    return this.operations.reschedule(postActorOf(context), input, commandMetadata(context, { idempotencyKey }));
  }

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => PostPayload, { description: 'Unschedules a post; it keeps its content.' })
  cancelPostSchedule(@Args() args: PostReasonArgs, @RequestContext() context: HeraldRequestContext): Promise<PostPayload> {
    return this.operations.cancel(postActorOf(context), args.id, args.reason ?? null, this.metadata(context, args));
  }

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => PostPayload, { description: 'Publishes now (the publisher picks it up at once).' })
  publishPostNow(
    @Args('input') input: PublishPostNowInput,
    @IdempotencyKey() idempotencyKey: Key,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<PostPayload> {
    return this.operations.publishNow(postActorOf(context), input, commandMetadata(context, { idempotencyKey }));
  }

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => PostPayload, { description: 'Copies a post into a new draft; `post` is the copy.' })
  duplicatePost(@Args() args: PostIdArgs, @RequestContext() context: HeraldRequestContext): Promise<PostPayload> {
    return this.operations.duplicate(postActorOf(context), args.id, this.metadata(context, args));
  }

  @RequireRole(...CONTENT_ROLES)
  @Mutation(() => PostPayload, { description: 'Deletes a post that is not being published; its history stays.' })
  deletePost(@Args() args: PostIdArgs, @RequestContext() context: HeraldRequestContext): Promise<PostPayload> {
    return this.operations.delete(postActorOf(context), args.id, this.metadata(context, args));
  }

  private metadata(context: HeraldRequestContext, args: PostIdArgs) {
    return commandMetadata(context, { idempotencyKey: args.idempotencyKey });
  }
}
