import type { TargetAccountFacts } from '@herald/posts';
import type { AccountUsage, AccountView } from '@herald/projections/accounts';
import type { PostView } from '@herald/projections/posts';
import { localDateOf } from '@herald/projections/support';
import { HeraldError } from '@herald/shared-kernel';

/**
 * Platforms without a daily cap (YouTube, webhooks) still need a number in the command; a finite
 * one because commands travel as JSON, and no day holds this many posts.
 */
export const UNCAPPED = Number.MAX_SAFE_INTEGER;

/**
 * What the scheduling decider needs per target, from the accounts read model: health, the cap in
 * force and the day's count. `moving` is the post being rescheduled: its own slot on that day is
 * not counted against it.
 */
export function targetFactsFrom(
  accountIds: readonly string[],
  accounts: ReadonlyMap<string, AccountView>,
  usage: readonly AccountUsage[],
  day: { readonly date: string; readonly timeZone: string },
  moving: PostView | null = null,
): TargetAccountFacts[] {
  return accountIds.map((accountId) => {
    const account = accounts.get(accountId);
    // Another organization's account is indistinguishable from none.
    if (account === undefined) {
      throw new HeraldError('NOT_FOUND', 'This social account does not exist.', { field: 'accountIds', accountId });
    }
    const used = usage.find((entry) => entry.accountId === accountId);
    const own = moving !== null && occupiesSlot(moving, accountId, day) ? 1 : 0;
    return {
      accountId,
      platform: account.platform,
      accountStatus: account.health,
      dailyCap: used?.cap ?? UNCAPPED,
      scheduledThatDay: Math.max(0, (used?.used ?? 0) - own),
    };
  });
}

function occupiesSlot(post: PostView, accountId: string, day: { readonly date: string; readonly timeZone: string }): boolean {
  if (post.schedule === null || post.status !== 'scheduled') return false;
  if (localDateOf(post.schedule.at, day.timeZone) !== day.date) return false;
  return post.targets.some((target) => target.accountId === accountId && target.status === 'pending');
}
