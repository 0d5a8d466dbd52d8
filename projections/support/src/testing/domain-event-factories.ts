import type { SocialAccountConnected, SocialAccountEvent, SocialPlatform } from '@herald/accounts';
import type { OrganizationCreated, OrganizationSettings, OrganizationSettingsUpdated } from '@herald/organizations';
import type { PostContent, PostEvent, PostTarget, PublishErrorClass, Recurrence } from '@herald/posts';

/**
 * Domain events with the exact payloads the deciders emit, typed by the contexts' own unions, so
 * a change to an event's shape breaks these specs at compile time rather than silently.
 */
type PostEventOf<T extends PostEvent['type']> = Extract<PostEvent, { type: T }>;
type AccountEventOf<T extends SocialAccountEvent['type']> = Extract<SocialAccountEvent, { type: T }>;

export const content = (text: string, extra: Partial<PostContent> = {}): PostContent => ({
  text,
  title: null,
  media: [],
  hashtags: [],
  mentions: [],
  links: [],
  ...extra,
});

export const organizationEvents = {
  created(organizationId: string, settings: Partial<OrganizationSettings> = {}): OrganizationCreated {
    return {
      type: 'organization.created',
      schemaVersion: 1,
      data: {
        organizationId,
        name: 'Acme',
        plan: 'pro',
        createdBy: 'user-founder',
        settings: { timeZone: 'UTC', dataRetentionDays: 365, requiresApproval: false, dailyCaps: {}, ...settings },
      },
    };
  },
  settingsUpdated(organizationId: string, settings: OrganizationSettings, changed: OrganizationSettingsUpdated['data']['changed']): OrganizationSettingsUpdated {
    return { type: 'organization.settingsUpdated', schemaVersion: 1, data: { organizationId, settings, changed } };
  },
};

export const accountEvents = {
  connected(accountId: string, organizationId: string, platform: SocialPlatform, extra: Partial<SocialAccountConnected['data']> = {}): SocialAccountConnected {
    const subjectId = `socialAccountCredentials:${accountId}:1`;
    return {
      type: 'socialAccount.connected',
      schemaVersion: 1,
      data: {
        accountId,
        organizationId,
        platform,
        externalId: `ext-${accountId}`,
        handle: `@${platform}-brand`,
        displayName: 'Acme Brand',
        scopes: ['publish'],
        tokenExpiresAt: '2030-03-01T00:00:00.000Z',
        generation: 1,
        credentials: { subjectId, accessToken: 'access-secret', refreshToken: 'refresh-secret' },
        connectedBy: 'user-1',
        connectedAt: '2030-01-01T00:00:00.000Z',
        ...extra,
      },
      personalFields: [
        { path: 'credentials.accessToken', subjectId },
        { path: 'credentials.refreshToken', subjectId },
      ],
    };
  },
  tokensRefreshed(accountId: string, tokenExpiresAt: string, refreshedAt: string): AccountEventOf<'socialAccount.tokensRefreshed'> {
    const subjectId = `socialAccountCredentials:${accountId}:1`;
    return {
      type: 'socialAccount.tokensRefreshed',
      schemaVersion: 1,
      data: { accountId, scopes: ['publish'], tokenExpiresAt, credentials: { subjectId, accessToken: 'access-2', refreshToken: null }, refreshedAt },
      personalFields: [{ path: 'credentials.accessToken', subjectId }],
    };
  },
  rateLimited(accountId: string, until: string, at: string): AccountEventOf<'socialAccount.rateLimited'> {
    return { type: 'socialAccount.rateLimited', schemaVersion: 1, data: { accountId, until, at } };
  },
  healthRestored(accountId: string, at: string): AccountEventOf<'socialAccount.healthRestored'> {
    return { type: 'socialAccount.healthRestored', schemaVersion: 1, data: { accountId, previousStatus: 'rate_limited', at } };
  },
  tokenRefreshFailed(accountId: string, reason: string, permanent: boolean, failedAt: string): AccountEventOf<'socialAccount.tokenRefreshFailed'> {
    return { type: 'socialAccount.tokenRefreshFailed', schemaVersion: 1, data: { accountId, reason, permanent, failedAt } };
  },
  expired(accountId: string, reason: string, at: string): AccountEventOf<'socialAccount.expired'> {
    return { type: 'socialAccount.expired', schemaVersion: 1, data: { accountId, reason, at } };
  },
  disconnected(accountId: string, disconnectedAt: string): AccountEventOf<'socialAccount.disconnected'> {
    return {
      type: 'socialAccount.disconnected',
      schemaVersion: 1,
      data: { accountId, reason: null, disconnectedBy: 'user-1', disconnectedAt, credentialSubjectIds: [`socialAccountCredentials:${accountId}:1`] },
    };
  },
};

const attempt = (target: PostTarget, occurrence: number, attemptNumber: number) => ({
  accountId: target.accountId,
  platform: target.platform,
  occurrence,
  attemptId: `attempt-${target.accountId}-${occurrence}-${attemptNumber}`,
  attemptNumber,
});

export const postEvents = {
  drafted(postId: string, organizationId: string, body: PostContent, at = '2030-01-01T00:00:00.000Z'): PostEventOf<'post.drafted'> {
    return {
      type: 'post.drafted',
      schemaVersion: 1,
      data: { postId, organizationId, authorId: 'user-author', content: body, variants: {}, duplicatedFrom: null, draftedAt: at },
    };
  },
  edited(body: PostContent, at: string): PostEventOf<'post.edited'> {
    return { type: 'post.edited', schemaVersion: 1, data: { content: body, variants: {}, editedBy: 'user-author', editedAt: at } };
  },
  submitted(at: string): PostEventOf<'post.submittedForApproval'> {
    return { type: 'post.submittedForApproval', schemaVersion: 1, data: { submittedBy: 'user-author', submittedAt: at } };
  },
  approved(at: string): PostEventOf<'post.approved'> {
    return { type: 'post.approved', schemaVersion: 1, data: { approvedBy: 'user-manager', note: null, approvedAt: at } };
  },
  rejected(reason: string, at: string): PostEventOf<'post.rejected'> {
    return { type: 'post.rejected', schemaVersion: 1, data: { rejectedBy: 'user-manager', reason, rejectedAt: at } };
  },
  scheduled(at: string, timeZone: string, targets: readonly PostTarget[], recurrence: Recurrence | null = null): PostEventOf<'post.scheduled'> {
    return {
      type: 'post.scheduled',
      schemaVersion: 1,
      data: { at, timeZone, recurrence, targets, occurrence: 0, scheduledBy: 'user-author', scheduledAt: '2030-01-01T00:00:00.000Z' },
    };
  },
  rescheduled(previousAt: string, at: string, timeZone: string, recurrence: Recurrence | null = null): PostEventOf<'post.rescheduled'> {
    return {
      type: 'post.rescheduled',
      schemaVersion: 1,
      data: { previousAt, at, timeZone, recurrence, rescheduledBy: 'user-author', rescheduledAt: '2030-01-01T00:00:00.000Z' },
    };
  },
  cancelled(): PostEventOf<'post.scheduleCancelled'> {
    return { type: 'post.scheduleCancelled', schemaVersion: 1, data: { reason: null, cancelledBy: 'user-author', cancelledAt: '2030-01-01T00:00:00.000Z' } };
  },
  publishRequested(targets: readonly PostTarget[], occurrence: number, requestedAt: string): PostEventOf<'post.publishRequested'> {
    return { type: 'post.publishRequested', schemaVersion: 1, data: { targets, occurrence, requestedBy: 'user-author', requestedAt } };
  },
  attemptStarted(target: PostTarget, occurrence: number, attemptNumber: number, startedAt: string): PostEventOf<'post.publishAttemptStarted'> {
    return { type: 'post.publishAttemptStarted', schemaVersion: 1, data: { ...attempt(target, occurrence, attemptNumber), startedAt } };
  },
  succeeded(target: PostTarget, occurrence: number, attemptNumber: number, publishedAt: string): PostEventOf<'post.publishSucceeded'> {
    return {
      type: 'post.publishSucceeded',
      schemaVersion: 1,
      data: {
        ...attempt(target, occurrence, attemptNumber),
        platformPostId: `pp-${target.accountId}-${occurrence}`,
        url: `https://${target.platform}.example/p/${target.accountId}-${occurrence}`,
        publishedAt,
      },
    };
  },
  attemptFailed(target: PostTarget, occurrence: number, attemptNumber: number, message: string, retryAt: string, errorClass: PublishErrorClass = 'transient'): PostEventOf<'post.publishAttemptFailed'> {
    return {
      type: 'post.publishAttemptFailed',
      schemaVersion: 1,
      data: { ...attempt(target, occurrence, attemptNumber), errorClass, message, retryAt, failedAt: retryAt },
    };
  },
  failedFinally(target: PostTarget, occurrence: number, attemptNumber: number, reason: string, failedAt: string): PostEventOf<'post.publishFailedFinally'> {
    return { type: 'post.publishFailedFinally', schemaVersion: 1, data: { ...attempt(target, occurrence, attemptNumber), errorClass: 'rejected', reason, failedAt } };
  },
  nextOccurrence(occurrence: number, seriesIndex: number, at: string): PostEventOf<'post.nextOccurrenceScheduled'> {
    return { type: 'post.nextOccurrenceScheduled', schemaVersion: 1, data: { occurrence, seriesIndex, at } };
  },
  completed(occurrence: number, published: readonly string[], failed: readonly string[], completedAt: string): PostEventOf<'post.publishingCompleted'> {
    return { type: 'post.publishingCompleted', schemaVersion: 1, data: { occurrence, published, failed, completedAt } };
  },
  deleted(at: string): PostEventOf<'post.deleted'> {
    return { type: 'post.deleted', schemaVersion: 1, data: { deletedBy: 'user-author', deletedAt: at } };
  },
};
