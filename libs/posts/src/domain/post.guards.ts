import { isSocialPlatform, PLATFORM_NAMES } from '@herald/accounts';
import type { MemberRole } from '@herald/organizations';
import { type CommandContext, HeraldError } from '@herald/shared-kernel';
import { renderForPlatform } from './post-content';
import type { PlatformVariants, PostContent, PostTarget, TargetAccountFacts } from './post.types';
import type { ExistingPostState, PostState, PostStatus } from './post.state';
import { PLATFORM_RULES, validateForPlatform } from './platform-rules';
import { isValidTimeZone } from './recurrence/zoned-time';

/** Roles that write content: viewers (and compliance officers) only read. */
export const CONTENT_ROLES: readonly MemberRole[] = ['admin', 'manager', 'editor'];
/** Roles that approve or reject content for the organization. */
export const APPROVER_ROLES: readonly MemberRole[] = ['admin', 'manager'];

export function requireRole(role: MemberRole, allowed: readonly MemberRole[], action: string): void {
  if (!allowed.includes(role)) {
    throw new HeraldError(
      'POST.FORBIDDEN',
      `Your role (${role}) cannot ${action}; this needs one of: ${allowed.join(', ')}.`,
      {
        role,
        allowedRoles: allowed,
      },
    );
  }
}

/** Publication outcomes and metrics are facts reported by Herald's workers, never typed in by a person. */
export function requireSystemActor(context: CommandContext, action: string): void {
  if (context.actor.kind !== 'system') {
    throw new HeraldError('POST.FORBIDDEN', `Only Herald's publisher can ${action}.`, {
      actorKind: context.actor.kind,
    });
  }
}

export function requireExisting(state: PostState): Exclude<ExistingPostState, { status: 'deleted' }> {
  if (state.status === 'none') throw new HeraldError('NOT_FOUND', 'This post does not exist.');
  if (state.status === 'deleted') {
    throw new HeraldError('POST.DELETED', `This post was deleted on ${state.deletedAt}.`, {
      postId: state.post.postId,
    });
  }
  return state;
}

const STATUS_NAMES: Record<PostStatus, string> = {
  none: 'not created',
  draft: 'a draft',
  in_review: 'waiting for approval',
  approved: 'approved',
  scheduled: 'scheduled',
  publishing: 'being published',
  completed: 'published',
  deleted: 'deleted',
};

export function invalidTransition(state: PostState, action: string): never {
  throw new HeraldError(
    'POST.INVALID_TRANSITION',
    `Cannot ${action}: the post is ${STATUS_NAMES[state.status]}.`,
    { status: state.status },
  );
}

export function requireInstant(value: string, field: string): Date {
  const instant = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(instant.getTime())) {
    throw new HeraldError(
      'VALIDATION.FAILED',
      `${field} must be an ISO-8601 instant, e.g. 2026-03-10T09:00:00Z.`,
      { field, value },
    );
  }
  return instant;
}

export function requireFuture(at: Date, now: Date): void {
  if (at.getTime() <= now.getTime()) {
    throw new HeraldError(
      'POST.SCHEDULED_IN_PAST',
      `The publication time ${at.toISOString()} has already passed (it is now ${now.toISOString()}); choose a later time or publish now.`,
      { at: at.toISOString(), now: now.toISOString() },
    );
  }
}

export function requireTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new HeraldError(
      'POST.INVALID_TIME_ZONE',
      `"${timeZone}" is not an IANA time zone such as Europe/Paris or America/New_York.`,
      {
        timeZone,
      },
    );
  }
}

/** Targets must be real, distinct and not disconnected; caps are checked for the day of publication. */
export function validateTargetFacts(targets: readonly TargetAccountFacts[]): void {
  if (targets.length === 0) {
    throw new HeraldError('POST.NO_TARGETS', 'Choose at least one social account to publish to.', {});
  }
  const seen = new Set<string>();
  for (const target of targets) {
    if (!isSocialPlatform(target.platform)) {
      throw new HeraldError('VALIDATION.FAILED', `Unknown platform "${String(target.platform)}".`, {
        field: 'targets',
        accountId: target.accountId,
      });
    }
    if (seen.has(target.accountId)) {
      throw new HeraldError('VALIDATION.FAILED', `The account ${target.accountId} is listed twice.`, {
        field: 'targets',
        accountId: target.accountId,
      });
    }
    seen.add(target.accountId);
    if (target.accountStatus === 'disconnected') {
      throw new HeraldError(
        'ACCOUNT.DISCONNECTED',
        `The ${PLATFORM_NAMES[target.platform]} account ${target.accountId} is disconnected and cannot be targeted; remove it or connect the account again.`,
        { accountId: target.accountId, platform: target.platform },
      );
    }
  }
}

export function checkDailyCaps(targets: readonly TargetAccountFacts[], at: Date): void {
  for (const target of targets) {
    if (target.scheduledThatDay >= target.dailyCap) {
      throw new HeraldError(
        'POST.DAILY_CAP_REACHED',
        `The ${PLATFORM_NAMES[target.platform]} account ${target.accountId} already has ${target.scheduledThatDay} posts on ${at.toISOString().slice(0, 10)}, its daily cap is ${target.dailyCap}; choose another day or raise the cap in the organization settings.`,
        {
          accountId: target.accountId,
          platform: target.platform,
          limit: target.dailyCap,
          actual: target.scheduledThatDay,
        },
      );
    }
  }
}

export function validateContentForTargets(
  content: PostContent,
  variants: PlatformVariants,
  targets: readonly PostTarget[],
): void {
  const platforms = new Set(targets.map((target) => target.platform));
  for (const platform of platforms)
    validateForPlatform(renderForPlatform(content, variants, platform), PLATFORM_RULES[platform]);
}

/** The command must name exactly the post's current targets (no silent adds or drops). */
export function requireSameTargets(
  current: readonly PostTarget[],
  given: readonly TargetAccountFacts[],
): void {
  const wanted = new Set(current.map((target) => target.accountId));
  const got = new Set(given.map((target) => target.accountId));
  if (wanted.size !== got.size || [...wanted].some((id) => !got.has(id))) {
    throw new HeraldError('VALIDATION.FAILED', "Give facts for exactly the post's current target accounts.", {
      field: 'targets',
      expected: [...wanted],
    });
  }
}

export const toTarget = (facts: TargetAccountFacts): PostTarget => ({
  accountId: facts.accountId,
  platform: facts.platform,
});
