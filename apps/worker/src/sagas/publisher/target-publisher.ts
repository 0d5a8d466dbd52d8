import {
  isPlatformError,
  type AccountCredentials,
  type PlatformConnector,
  type PublishRequest,
  type PublishResult,
} from '@herald/platforms';
import { isTargeted, renderForPlatform, type PublishErrorClass } from '@herald/posts';
import { isHeraldError } from '@herald/shared-kernel';
import { describeError, sleep } from '../support/saga-runtime';
import type { AttemptTarget } from './attempt-recorder';
import type { CallVerdict, GatePermit } from './platform-gate';
import {
  clamp,
  isOvertaken,
  loadPost,
  refusedBeforeSending,
  type EntryOutcome,
  type PublisherRuntime,
} from './publisher-runtime';

/** How a platform call ended, as far as the post's stream must know. */
type CallEnd =
  | { readonly kind: 'published'; readonly platformPostId: string; readonly url: string | null }
  | {
      readonly kind: 'failed';
      readonly errorClass: PublishErrorClass;
      readonly message: string;
      readonly retryAfter: Date | null;
    }
  /** The platform may have published: leave the attempt open for reconciliation. */
  | { readonly kind: 'unknown'; readonly message: string };

/**
 * Publishes one due target while its caller holds the target's lease: re-checks the post,
 * passes the platform gate, records the attempt (before the call, so a crash leaves a trace),
 * calls the connector, polls asynchronous publishes, and records the outcome. An unknown
 * outcome is left open: the post's timer then asks for reconciliation, never for a retry.
 */
export class TargetPublisher {
  constructor(private readonly runtime: PublisherRuntime) {}

  async publish(target: AttemptTarget, signal: AbortSignal): Promise<EntryOutcome> {
    const { store, clock, gate, credentials, recorder, logger } = this.runtime;
    const { entry, postId } = target;
    const { state } = await loadPost(store, postId);
    if (!isTargeted(state) || state.schedule.occurrence !== entry.occurrence) return 'done';
    const progress = state.targets.find((t) => t.accountId === entry.accountId);
    if (progress?.status !== 'pending') return 'done';
    const dueAt = new Date(progress.retryAt ?? state.schedule.at).getTime();
    const now = clock.now().getTime();
    if (dueAt > now) return { retryInMs: dueAt - now };

    let account;
    try {
      account = await credentials.requireUsable(entry.accountId);
    } catch (error) {
      if (!isHeraldError(error, 'SAGA.CREDENTIALS_UNAVAILABLE')) throw error;
      return this.failWithoutCall(target, 'needs_reconnect', error.message);
    }
    if (account.state.status === 'rate_limited') {
      const until = new Date(account.state.until).getTime();
      if (until > now) return { retryInMs: until - now };
    }
    let connector: PlatformConnector;
    try {
      connector = this.runtime.connectors.get(entry.platform);
    } catch (error) {
      if (!isHeraldError(error, 'PLATFORM.UNAVAILABLE')) throw error;
      return this.failWithoutCall(target, 'transient', error.message);
    }

    const decision = await gate.admit(entry.platform, entry.accountId);
    if (!decision.admitted) {
      if (decision.reason !== 'circuit_open') return { retryInMs: decision.retryInMs };
      return this.failWithoutCall(
        target,
        'transient',
        `Not sent: calls to ${entry.platform} are paused after repeated failures (circuit open).`,
      );
    }
    const { permit } = decision;
    const attemptId = this.runtime.ids.next();
    try {
      await recorder.start(target, attemptId);
    } catch (error) {
      permit.release('inconclusive');
      if (isOvertaken(error)) return 'done';
      throw error;
    }
    if (signal.aborted) {
      // The lease went while recording: whoever owns the target now reconciles this attempt.
      permit.release('inconclusive');
      return 'done';
    }
    const creds: AccountCredentials = { externalId: account.externalId, tokens: account.tokens };
    const request: PublishRequest = {
      attemptId,
      post: renderForPlatform(state.post.content, state.post.variants, entry.platform),
    };
    const end = await this.call(connector, creds, request, permit, signal);
    switch (end.kind) {
      case 'published':
        await recorder.succeeded(target, attemptId, end);
        logger.log(
          `published post ${postId} to ${entry.accountId} (${entry.platform}) as ${end.platformPostId}`,
        );
        return 'done';
      case 'failed': {
        if (end.errorClass === 'rate_limited' && end.retryAfter !== null) {
          gate.block(entry.platform, entry.accountId, end.retryAfter);
        }
        const outcome = await recorder.failed(target, attemptId, end.errorClass, end.message, end.retryAfter);
        logger.warn(
          `publishing post ${postId} to ${entry.accountId} failed (${end.errorClass}): ${end.message}; ` +
            (outcome.targetStatus === 'failed' ? 'failed for good' : `retry at ${outcome.retryAt ?? '?'}`),
        );
        return 'done';
      }
      case 'unknown':
        logger.warn(
          `publishing post ${postId} to ${entry.accountId}: outcome unknown (${end.message}); it will be reconciled`,
        );
        return 'done';
    }
  }

  /** Calls the platform through the gate's permit, polling until a final answer. */
  private async call(
    connector: PlatformConnector,
    credentials: AccountCredentials,
    request: PublishRequest,
    permit: GatePermit,
    signal: AbortSignal,
  ): Promise<CallEnd> {
    const { clock, options } = this.runtime;
    let verdict: CallVerdict = 'inconclusive';
    try {
      let result: PublishResult = await connector.publish(credentials, request);
      const deadline = clock.now().getTime() + options.asyncPublishTimeoutMs;
      while (result.status === 'processing') {
        if (clock.now().getTime() >= deadline || signal.aborted) {
          verdict = 'healthy';
          return { kind: 'unknown', message: `still processing after ${options.asyncPublishTimeoutMs} ms` };
        }
        await sleep(
          clamp(result.checkAfterMs, options.pollIntervalMs.min, options.pollIntervalMs.max),
          signal,
        );
        if (signal.aborted)
          return { kind: 'unknown', message: 'the lease was lost while the platform processed the post' };
        result = await connector.publishStatus(credentials, { handle: result.handle, request });
      }
      verdict = 'healthy';
      return { kind: 'published', platformPostId: result.platformPostId, url: result.url };
    } catch (error) {
      if (isPlatformError(error)) {
        verdict =
          error.kind === 'transient' ? 'failing' : error.kind === 'rate_limited' ? 'inconclusive' : 'healthy';
        // A 5xx to a write may hide a post the platform did make. Where the platform can be
        // asked, ask it (reconcile) before any retry. Where it cannot (webhooks), an explicit
        // error answer is taken as "not posted" and retried (generic receivers also get the
        // attempt id as Idempotency-Key); only silence (timeout, dropped connection) stays unknown.
        if (
          error.outcomeUnknown &&
          (connector.capabilities.reconciliation || error.platformStatus === null)
        ) {
          return { kind: 'unknown', message: error.message };
        }
        return {
          kind: 'failed',
          errorClass: error.kind,
          message: error.reason,
          retryAfter: error.retryAt(clock.now()),
        };
      }
      if (refusedBeforeSending(error))
        return { kind: 'failed', errorClass: 'rejected', message: error.message, retryAfter: null };
      // Our own failure mid-call (or an unclassified one): the request may have gone out.
      return { kind: 'unknown', message: describeError(error) };
    } finally {
      permit.release(verdict);
    }
  }

  /**
   * The attempt cannot even be made (no credentials, no connector, circuit open): it is recorded
   * as started and failed at once, so the decider's retry policy and final failure apply to it
   * like to any other, and the reason is on record.
   */
  private async failWithoutCall(
    target: AttemptTarget,
    errorClass: PublishErrorClass,
    message: string,
  ): Promise<EntryOutcome> {
    const attemptId = this.runtime.ids.next();
    try {
      await this.runtime.recorder.start(target, attemptId);
      await this.runtime.recorder.failed(target, attemptId, errorClass, message, null);
    } catch (error) {
      if (isOvertaken(error)) return 'done';
      throw error;
    }
    this.runtime.logger.warn(`post ${target.postId} to ${target.entry.accountId} not sent: ${message}`);
    return 'done';
  }
}
