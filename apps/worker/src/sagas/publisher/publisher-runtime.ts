import type { SocialPlatform } from '@herald/accounts';
import type { EventStore } from '@herald/event-store';
import type { PlatformConnector } from '@herald/platforms';
import { postStreamId } from '@herald/posts';
import { HeraldError, isHeraldError, type Clock, type IdGenerator } from '@herald/shared-kernel';
import type { AccountCredentialsReader } from '../support/account-credentials.reader';
import type { SagaLogger } from '../support/saga-runtime';
import type { AttemptRecorder } from './attempt-recorder';
import { foldPost, type PostSnapshot } from './due-publications';
import type { PlatformGate } from './platform-gate';
import type { PublisherOptions } from './publisher.options';

/** `PlatformRegistry` fits: the connector of a platform, or PLATFORM.UNAVAILABLE. */
export interface ConnectorSource {
  get(platform: SocialPlatform): PlatformConnector;
}

/** `done`: the target moved on (or needs nothing from us now); otherwise look again later. */
export type EntryOutcome = 'done' | { readonly retryInMs: number };

/** What the publish and reconcile flows share within one saga instance. */
export interface PublisherRuntime {
  /** The application's store: decrypts the accounts' tokens on read. */
  readonly store: EventStore;
  readonly credentials: AccountCredentialsReader;
  readonly connectors: ConnectorSource;
  readonly gate: PlatformGate;
  readonly recorder: AttemptRecorder;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly options: PublisherOptions;
  readonly logger: SagaLogger;
}

export async function loadPost(store: EventStore, postId: string): Promise<PostSnapshot> {
  return foldPost(await store.readStream(postStreamId(postId)));
}

/**
 * Errors from the posts decider that mean "someone else already moved this target on" (another
 * replica recorded the attempt or its outcome, the post was rescheduled or cancelled): the saga
 * drops its work and lets the refreshed timer say what is due next.
 */
const OVERTAKEN = new Set([
  'POST.ATTEMPT_IN_PROGRESS',
  'POST.ATTEMPT_MISMATCH',
  'POST.ALREADY_PUBLISHED',
  'POST.TARGET_FAILED',
  'POST.NOT_DUE',
  'POST.INVALID_TRANSITION',
  'POST.TARGET_NOT_FOUND',
  'NOT_FOUND',
]);

export function isOvertaken(error: unknown): error is HeraldError {
  return isHeraldError(error) && OVERTAKEN.has(error.code);
}

/**
 * Errors a connector raises before it sends anything: the content or the stored target is
 * invalid for the platform. They are final refusals, never unknown outcomes.
 */
const REFUSED_BEFORE_SENDING = new Set([
  'VALIDATION.FAILED',
  'PLATFORM.NOT_SUPPORTED',
  'PLATFORM.INVALID_WEBHOOK_TARGET',
]);

export function refusedBeforeSending(error: unknown): error is HeraldError {
  return isHeraldError(error) && (error.code.startsWith('POST.') || REFUSED_BEFORE_SENDING.has(error.code));
}

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
