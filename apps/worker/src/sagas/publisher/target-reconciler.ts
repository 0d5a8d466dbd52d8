import { isPlatformError, reconcileAttempt, type ReconciliationOutcome } from '@herald/platforms';
import { isTargeted, renderForPlatform } from '@herald/posts';
import { isHeraldError } from '@herald/shared-kernel';
import { describeError } from '../support/saga-runtime';
import type { AttemptTarget } from './attempt-recorder';
import { isOvertaken, loadPost, type EntryOutcome, type PublisherRuntime } from './publisher-runtime';

/**
 * Prefix of the reason recorded when an attempt's outcome cannot be established. The posts
 * context has no error class for it (see the report), so it is recorded as a final `rejected`
 * failure whose reason starts with this marker; notifications show the reason to a person, who
 * checks the platform and publishes again if nothing was posted.
 */
export const OUTCOME_UNKNOWN_REASON = 'outcome_unknown';

/**
 * Settles an attempt that has no recorded outcome (the saga crashed mid-call, the platform
 * timed out, the answer was lost) before anything else happens to its target:
 * - the platform lists a post with the attempt's text created since it started → recorded as
 *   published with that post's id and URL (nothing is sent again);
 * - it lists none → recorded as a transient failure, so the decider's retry schedule applies;
 * - it cannot tell (no listing: webhooks; several matches) → never retried automatically:
 *   recorded as failed for good with reason `outcome_unknown: …` for a person to check.
 * Runs under the target's lease: a live owner (still polling a video) keeps it, so a slow
 * attempt is never mistaken for a crashed one.
 */
export class TargetReconciler {
  constructor(private readonly runtime: PublisherRuntime) {}

  async reconcile(target: AttemptTarget): Promise<EntryOutcome> {
    const { store, clock, credentials, recorder, logger, options } = this.runtime;
    const { entry, postId } = target;
    const { state } = await loadPost(store, postId);
    if (!isTargeted(state) || state.schedule.occurrence !== entry.occurrence) return 'done';
    const progress = state.targets.find((t) => t.accountId === entry.accountId);
    if (progress?.status !== 'publishing' || progress.lastAttemptId === null) return 'done';
    const attemptId = progress.lastAttemptId;
    const startedAt = new Date(
      entry.attemptId === attemptId && entry.startedAt !== null ? entry.startedAt : state.schedule.at,
    );
    const now = clock.now();
    const dueAt = startedAt.getTime() + options.reconcileAfterMs;
    if (dueAt > now.getTime()) return { retryInMs: dueAt - now.getTime() };

    let outcome: ReconciliationOutcome;
    try {
      const account = await credentials.requireUsable(entry.accountId);
      const connector = this.runtime.connectors.get(entry.platform);
      outcome = connector.capabilities.reconciliation
        ? await reconcileAttempt(
            connector,
            { externalId: account.externalId, tokens: account.tokens },
            {
              startedAt,
              text: renderForPlatform(state.post.content, state.post.variants, entry.platform).text,
            },
          )
        : { outcome: 'unknown', reason: `${entry.platform} cannot list what it published` };
    } catch (error) {
      const permanent =
        isHeraldError(error, 'SAGA.CREDENTIALS_UNAVAILABLE') || (isPlatformError(error) && !error.retryable);
      const givingUp = now.getTime() - startedAt.getTime() >= options.reconcileGiveUpMs;
      if (!permanent && !givingUp) {
        logger.warn(
          `reconciling attempt ${attemptId} of post ${postId} failed (${describeError(error)}); trying again later`,
        );
        return { retryInMs: options.reconcileRetryMs };
      }
      outcome = { outcome: 'unknown', reason: `the platform could not be asked (${describeError(error)})` };
    }

    try {
      switch (outcome.outcome) {
        case 'published':
          await recorder.succeeded(target, attemptId, outcome);
          logger.log(
            `reconciled attempt ${attemptId} of post ${postId}: published as ${outcome.platformPostId}`,
          );
          return 'done';
        case 'not_published':
          await recorder.failed(
            target,
            attemptId,
            'transient',
            'The attempt did not reach the platform (checked with its recent posts).',
            null,
          );
          logger.log(`reconciled attempt ${attemptId} of post ${postId}: not published; it will be retried`);
          return 'done';
        case 'unknown':
          await recorder.failed(
            target,
            attemptId,
            'rejected',
            `${OUTCOME_UNKNOWN_REASON}: the publisher lost track of this attempt and ${outcome.reason}. ` +
              'Check the account on the platform; publish the post again only if it is not there.',
            null,
          );
          logger.warn(
            `attempt ${attemptId} of post ${postId} has an unknown outcome (${outcome.reason}); left to a person`,
          );
          return 'done';
      }
    } catch (error) {
      if (isOvertaken(error)) return 'done';
      throw error;
    }
  }
}
