import type { SocialPlatform } from '@herald/accounts';
import type { MemberRole } from '@herald/organizations';
import type { CommandContext } from '@herald/shared-kernel';
import type { PostCommand } from '../post.commands';
import { postDecider } from '../post.decider';
import type { PostEvent } from '../post.events';
import type { PostState } from '../post.state';
import type { MediaItem, PostContent, TargetAccountFacts } from '../post.types';

/** Small factories for post specs: a Tuesday morning in March 2026, one organization, a few accounts. */
export const NOW = new Date('2026-03-10T09:00:00.000Z');
export const LATER = '2026-03-12T09:00:00.000Z';
export const POST_ID = '0190f3a4-0000-7000-8000-0000000000p1';
export const ORG_ID = '0190f3a4-0000-7000-8000-0000000000o1';
export const X_ACCOUNT = 'acct-x';
export const IG_ACCOUNT = 'acct-ig';
export const LI_ACCOUNT = 'acct-li';

export const at = (iso: string): Date => new Date(iso);
export const user = (now: Date = NOW, id = 'user-1'): CommandContext => ({
  now,
  actor: { kind: 'user', id },
  tenantId: ORG_ID,
});
export const publisher = (now: Date = NOW): CommandContext => ({
  now,
  actor: { kind: 'system', id: 'publisher' },
  tenantId: ORG_ID,
});

export const image = (overrides: Partial<MediaItem> = {}): MediaItem => ({
  url: 'https://cdn.example.com/a.jpg',
  type: 'image',
  mimeType: 'image/jpeg',
  sizeBytes: 1_000_000,
  width: 1080,
  height: 1080,
  durationSeconds: null,
  altText: 'A lighthouse',
  ...overrides,
});

export const video = (overrides: Partial<MediaItem> = {}): MediaItem => ({
  url: 'https://cdn.example.com/v.mp4',
  type: 'video',
  mimeType: 'video/mp4',
  sizeBytes: 50_000_000,
  width: 1080,
  height: 1920,
  durationSeconds: 30,
  altText: null,
  ...overrides,
});

export const content = (overrides: Partial<PostContent> = {}): PostContent => ({
  text: 'Spring launch tomorrow',
  title: null,
  media: [image()],
  hashtags: ['launch'],
  mentions: [],
  links: [],
  ...overrides,
});

export const facts = (
  accountId: string,
  platform: SocialPlatform,
  overrides: Partial<TargetAccountFacts> = {},
): TargetAccountFacts => ({
  accountId,
  platform,
  accountStatus: 'active',
  dailyCap: 10,
  scheduledThatDay: 0,
  ...overrides,
});

export const draft = (overrides: Partial<Extract<PostCommand, { type: 'DraftPost' }>> = {}): PostCommand => ({
  type: 'DraftPost',
  context: user(),
  role: 'editor',
  postId: POST_ID,
  organizationId: ORG_ID,
  content: content(),
  variants: {},
  duplicatedFrom: null,
  ...overrides,
});

export const schedule = (
  overrides: Partial<Extract<PostCommand, { type: 'SchedulePost' }>> = {},
): PostCommand => ({
  type: 'SchedulePost',
  context: user(),
  role: 'editor',
  at: LATER,
  timeZone: 'Europe/Paris',
  recurrence: null,
  targets: [facts(X_ACCOUNT, 'x')],
  approvalRequired: false,
  planLimit: { limit: 30, scheduledPosts: 0 },
  ...overrides,
});

export const submit = (role: MemberRole = 'editor'): PostCommand => ({
  type: 'SubmitPostForApproval',
  context: user(),
  role,
});
export const approve = (role: MemberRole = 'manager'): PostCommand => ({
  type: 'ApprovePost',
  context: user(NOW, 'manager-1'),
  role,
  note: null,
});

export const startAttempt = (
  attemptId: string,
  now: Date,
  accountId = X_ACCOUNT,
  occurrence = 0,
): PostCommand => ({
  type: 'StartPublishAttempt',
  context: publisher(now),
  accountId,
  attemptId,
  occurrence,
});

export const succeed = (
  attemptId: string,
  now: Date,
  accountId = X_ACCOUNT,
  platformPostId = 'tweet-1',
): PostCommand => ({
  type: 'RecordPublishSuccess',
  context: publisher(now),
  accountId,
  attemptId,
  platformPostId,
  url: `https://x.com/herald/status/${platformPostId}`,
});

export const fail = (
  attemptId: string,
  now: Date,
  errorClass: Extract<PostCommand, { type: 'RecordPublishFailure' }>['errorClass'] = 'transient',
  accountId = X_ACCOUNT,
): PostCommand => ({
  type: 'RecordPublishFailure',
  context: publisher(now),
  accountId,
  attemptId,
  errorClass,
  message: 'X answered 503',
  retryAfter: null,
});

/** Builds a history by running commands through the decider, as the pipeline would. */
export function historyOf(...commands: readonly PostCommand[]): PostEvent[] {
  const events: PostEvent[] = [];
  let state: PostState = postDecider.initialState;
  for (const command of commands) {
    const produced = postDecider.decide(command, state);
    state = produced.reduce(postDecider.evolve, state);
    events.push(...produced);
  }
  return events;
}

export const stateOf = (events: readonly PostEvent[]): PostState =>
  events.reduce(postDecider.evolve, postDecider.initialState);
