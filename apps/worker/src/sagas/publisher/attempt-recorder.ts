import { metadataCausedBy, type RequestMetadata } from '@herald/commands';
import {
  RecordPublishFailureCommand,
  RecordPublishSuccessCommand,
  StartPublishAttemptCommand,
  type PublishAttemptTicket,
  type PublishErrorClass,
  type PublishFailureOutcome,
} from '@herald/posts';
import type { SagaCommandBus } from '../support/saga-runtime';
import type { DueEntry } from './due-publications';

export const PUBLISHER_ACTOR = { kind: 'system', id: 'publisher' } as const;

/** The target an attempt is about, and the event its commands are caused by. */
export interface AttemptTarget {
  readonly postId: string;
  readonly tenantId: string | null;
  readonly entry: DueEntry;
}

/**
 * Writes the publisher's facts to the post's stream through the posts commands. Every command
 * names the attempt id, which the decider uses to make repeats no-ops, so a retried write (after
 * a timeout, a redelivery, a restart) never records anything twice.
 */
export class AttemptRecorder {
  constructor(private readonly commands: SagaCommandBus) {}

  start(target: AttemptTarget, attemptId: string): Promise<PublishAttemptTicket> {
    return this.commands.execute(
      new StartPublishAttemptCommand(
        target.postId,
        target.entry.accountId,
        target.entry.occurrence,
        attemptId,
        this.metadata(target),
      ),
    );
  }

  async succeeded(
    target: AttemptTarget,
    attemptId: string,
    published: { readonly platformPostId: string; readonly url: string | null },
  ): Promise<void> {
    await this.commands.execute(
      new RecordPublishSuccessCommand(
        target.postId,
        target.entry.accountId,
        attemptId,
        published.platformPostId,
        published.url,
        this.metadata(target),
      ),
    );
  }

  failed(
    target: AttemptTarget,
    attemptId: string,
    errorClass: PublishErrorClass,
    message: string,
    retryAfter: Date | null,
  ): Promise<PublishFailureOutcome> {
    return this.commands.execute(
      new RecordPublishFailureCommand(
        target.postId,
        target.entry.accountId,
        attemptId,
        errorClass,
        message,
        retryAfter === null ? null : retryAfter.toISOString(),
        this.metadata(target),
      ),
    );
  }

  private metadata(target: AttemptTarget): RequestMetadata {
    const { cause } = target.entry;
    return metadataCausedBy(
      { id: cause.eventId, metadata: { tenantId: target.tenantId, correlationId: cause.correlationId } },
      PUBLISHER_ACTOR,
    );
  }
}
