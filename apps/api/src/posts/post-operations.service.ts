import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import {
  ApprovePostCommand,
  CancelPostScheduleCommand,
  DeletePostCommand,
  DraftPostCommand,
  DuplicatePostCommand,
  EditPostCommand,
  PublishPostNowCommand,
  RejectPostCommand,
  ReschedulePostCommand,
  SchedulePostCommand,
  SubmitPostForApprovalCommand,
  postStreamId,
  type PostCommandResult,
} from '@herald/posts';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { CALENDAR_PROJECTION } from '@herald/projections/calendar';
import { POSTS_PROJECTION, postsQueries, type PostsQueries } from '@herald/projections/posts';
import { CLOCK, ERROR_CATALOGUE, HeraldError, isHeraldError, type Clock } from '@herald/shared-kernel';
import { contentOf, recurrenceOf } from './post-content.input-mapper';
import { PostFactsReader } from './post-facts.reader';
import type {
  BulkScheduleInput,
  DraftPostInput, EditPostInput, PublishPostNowInput, ReschedulePostInput, SchedulePostInput } from './post.inputs';
import { toPost } from './post.mapper';
import type { BulkScheduleItemResult, BulkScheduleResult, ItemError, PostPayload } from './post.models';
import { ReadModelCatchUp } from './read-model-catch-up';

/** The caller acting in their organization, as the access guard verified it for this request. */
export interface PostActor {
  readonly userId: string;
  readonly organizationId: string;
  readonly role: MemberRole;
}

/**
 * Post mutations: facts from the read models, one command on the bus, then the post read back
 * once the posts and calendar read models hold the change (or flagged `pending` if they lag).
 */
@Injectable()
export class PostOperations {
  private readonly logger = new Logger('PostOperations');
  private readonly posts: PostsQueries;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly facts: PostFactsReader,
    private readonly catchUp: ReadModelCatchUp,
    @Inject(CLOCK) private readonly clock: Clock,
    catalog: ProjectionCatalog,
  ) {
    this.posts = postsQueries(catalog);
  }

  async draft(actor: PostActor, input: DraftPostInput, metadata: RequestMetadata): Promise<PostPayload> {
    const { content, variants } = contentOf(input);
    return this.payload(
      actor,
      await this.commandBus.execute(new DraftPostCommand(actor.organizationId, actor.role, content, variants, metadata)),
    );
  }

  async edit(actor: PostActor, input: EditPostInput, metadata: RequestMetadata): Promise<PostPayload> {
    const { content, variants } = contentOf(input);
    return this.payload(
      actor,
      await this.commandBus.execute(new EditPostCommand(input.postId, actor.role, content, variants, metadata)),
    );
  }

  async submit(actor: PostActor, postId: string, metadata: RequestMetadata): Promise<PostPayload> {
    return this.payload(actor, await this.commandBus.execute(new SubmitPostForApprovalCommand(postId, actor.role, metadata)));
  }

  async approve(actor: PostActor, postId: string, note: string | null, metadata: RequestMetadata): Promise<PostPayload> {
    return this.payload(actor, await this.commandBus.execute(new ApprovePostCommand(postId, actor.role, note, metadata)));
  }

  async reject(actor: PostActor, postId: string, reason: string, metadata: RequestMetadata): Promise<PostPayload> {
    return this.payload(actor, await this.commandBus.execute(new RejectPostCommand(postId, actor.role, reason, metadata)));
  }

  async schedule(actor: PostActor, input: SchedulePostInput, metadata: RequestMetadata): Promise<PostPayload> {
    await this.facts.post(actor.organizationId, input.postId);
    const at = new Date(input.at);
    const [organization, targets] = await Promise.all([
      this.facts.organization(actor.organizationId),
      this.facts.targets(actor.organizationId, input.accountIds, at, input.timeZone),
    ]);
    const command = new SchedulePostCommand(
      input.postId,
      actor.role,
      at.toISOString(),
      input.timeZone,
      recurrenceOf(input.recurrence),
      targets,
      organization.approvalRequired,
      organization.planLimit,
      metadata,
    );
    return this.payload(actor, await this.commandBus.execute(command));
  }

  async reschedule(actor: PostActor, input: ReschedulePostInput, metadata: RequestMetadata): Promise<PostPayload> {
    const post = await this.facts.post(actor.organizationId, input.postId);
    const at = new Date(input.at);
    const accountIds = post.targets.map((target) => target.accountId);
    const targets = await this.facts.targets(actor.organizationId, accountIds, at, input.timeZone, post);
    const command = new ReschedulePostCommand(input.postId, actor.role, at.toISOString(), input.timeZone, targets, metadata);
    return this.payload(actor, await this.commandBus.execute(command));
  }

  async cancel(actor: PostActor, postId: string, reason: string | null, metadata: RequestMetadata): Promise<PostPayload> {
    return this.payload(actor, await this.commandBus.execute(new CancelPostScheduleCommand(postId, actor.role, reason, metadata)));
  }

  async publishNow(actor: PostActor, input: PublishPostNowInput, metadata: RequestMetadata): Promise<PostPayload> {
    const post = await this.facts.post(actor.organizationId, input.postId);
    const accountIds = input.accountIds ?? post.targets.map((target) => target.accountId);
    if (accountIds.length === 0) {
      throw new HeraldError('VALIDATION.FAILED', 'input.accountIds: name the accounts to publish this post to.', {
        field: 'input.accountIds',
      });
    }
    const now = this.clock.now();
    const timeZone = post.schedule?.timeZone ?? 'UTC';
    const [organization, targets] = await Promise.all([
      this.facts.organization(actor.organizationId),
      this.facts.targets(actor.organizationId, accountIds, now, timeZone, post),
    ]);
    const command = new PublishPostNowCommand(input.postId, actor.role, targets, organization.approvalRequired, metadata);
    return this.payload(actor, await this.commandBus.execute(command));
  }

  async duplicate(actor: PostActor, postId: string, metadata: RequestMetadata): Promise<PostPayload> {
    const result = await this.commandBus.execute(new DuplicatePostCommand(postId, actor.role, metadata));
    return this.payload(actor, { postId: result.postId, revision: result.revision });
  }

  async delete(actor: PostActor, postId: string, metadata: RequestMetadata): Promise<PostPayload> {
    return this.payload(actor, await this.commandBus.execute(new DeletePostCommand(postId, actor.role, metadata)));
  }

  /**
   * Each item is its own command, one after the other so each sees the caps its predecessors
   * used. A failing item is reported with its code and leaves the others as they are; with an
   * idempotency key, item i runs under `<key>:<i>`, so a retried batch redoes nothing twice.
   */
  async bulkSchedule(
    actor: PostActor,
    input: BulkScheduleInput,
    metadata: RequestMetadata,
  ): Promise<BulkScheduleResult> {
    const items: BulkScheduleItemResult[] = [];
    for (const [index, item] of input.items.entries()) {
      const itemMetadata =
        metadata.idempotencyKey === undefined
          ? metadata
          : { ...metadata, idempotencyKey: `${metadata.idempotencyKey}:${index}` };
      try {
        const result = await this.schedule(actor, item, itemMetadata);
        items.push({ index, postId: item.postId, ok: true, result, error: null });
      } catch (error) {
        items.push({ index, postId: item.postId, ok: false, result: null, error: this.itemError(error, index) });
      }
    }
    const scheduled = items.filter((item) => item.ok).length;
    return { scheduled, failed: items.length - scheduled, items };
  }

  private itemError(error: unknown, index: number): ItemError {
    if (isHeraldError(error)) {
      const field = error.details.field;
      return {
        code: error.code,
        message: error.message,
        field: typeof field === 'string' ? `input.items.${index}.${field.replace(/^input\./, '')}` : null,
      };
    }
    this.logger.error({ err: error, index }, 'unexpected error while scheduling one item of a bulk request');
    return { code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message, field: null };
  }

  private async payload(actor: PostActor, result: PostCommandResult): Promise<PostPayload> {
    const streamId = postStreamId(result.postId);
    const caughtUp = await Promise.all([
      this.catchUp.waitFor(POSTS_PROJECTION, streamId, result.revision),
      this.catchUp.waitFor(CALENDAR_PROJECTION, streamId, result.revision),
    ]);
    const view = await this.posts.get({ organizationId: actor.organizationId, postId: result.postId });
    return {
      postId: result.postId,
      revision: result.revision,
      pending: caughtUp.includes(false),
      post: view === null ? null : toPost(view),
    };
  }
}
