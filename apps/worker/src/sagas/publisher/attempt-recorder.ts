import { metadataCausedBy, type HeraldCommand, type RequestMetadata } from '@herald/commands';
import {
  RecordPublishFailureCommand,
  RecordPublishSuccessCommand,
  StartPublishAttemptCommand,
  type PublishAttemptTicket,
  type PublishErrorClass,
  type PublishFailureOutcome,
} from '@herald/posts';
import { isHeraldError } from '@herald/shared-kernel';
import { sleep, type SagaCommandBus } from '../support/saga-runtime';
import type { DueEntry } from './due-publications';

const RECORD_RETRY_DELAYS_MS: readonly number[] = [20, 50, 100, 250, 500, 1_000];
// Safe to repeat: every command names its attempt id, so one that did land is a no-op the second time.
const RETRYABLE_CODES = new Set([
  'CONCURRENCY.CONFLICT',
  'EVENT_STORE.UNAVAILABLE',
  'EVENT_STORE.SERVER_UNREACHABLE',
  'EVENT_STORE.OUTCOME_UNKNOWN',
]);

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
  constructor(
    private readonly commands: SagaCommandBus,
    private readonly retryDelaysMs: readonly number[] = RECORD_RETRY_DELAYS_MS,
  ) {}

  start(target: AttemptTarget, attemptId: string): Promise<PublishAttemptTicket> {
    return this.execute(
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
    await this.execute(
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
    return this.execute(
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

  /**
   * An outcome that is not recorded turns into an attempt to reconcile, and on platforms that
   * cannot be asked into a failure for a person: so writes are retried through the conflicts
   * of several targets of one post recording at once, and through a briefly unavailable store.
   * The decider's refusals are answers, not failures, and are never retried.
   */
  private async execute<R>(command: HeraldCommand<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.commands.execute(command);
      } catch (error) {
        const answer = isHeraldError(error) && !RETRYABLE_CODES.has(error.code);
        if (answer || attempt >= this.retryDelaysMs.length) throw error;
        await sleep(this.retryDelaysMs[attempt] * (0.5 + Math.random()));
      }
    }
  }

  private metadata(target: AttemptTarget): RequestMetadata {
    const { cause } = target.entry;
    return metadataCausedBy(
      { id: cause.eventId, metadata: { tenantId: target.tenantId, correlationId: cause.correlationId } },
      PUBLISHER_ACTOR,
    );
  }
}
