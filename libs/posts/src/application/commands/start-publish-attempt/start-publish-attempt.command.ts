import { HeraldCommand, type RequestMetadata } from '@herald/commands';

export interface PublishAttemptTicket {
  readonly postId: string;
  readonly revision: number | null;
  /** Send with the platform call (as its idempotency key where the platform has one) and with the outcome. */
  readonly attemptId: string;
  readonly attemptNumber: number;
}

/**
 * Issued by the publisher saga before it calls the platform: the attempt is on record first, so a
 * crash leaves an attempt with no outcome, which is reconciled with the platform before any retry.
 */
export class StartPublishAttemptCommand extends HeraldCommand<PublishAttemptTicket> {
  readonly commandType = 'posts.publish.start';

  constructor(
    readonly postId: string,
    readonly accountId: string,
    readonly occurrence: number,
    /** null: the pipeline draws one (deterministic under an idempotency key). */
    readonly attemptId: string | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
