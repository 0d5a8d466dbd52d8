import type { AccountUsage, AccountView } from '@herald/projections/accounts';
import type { PostView } from '@herald/projections/posts';
import { targetFactsFrom, UNCAPPED } from './target-facts';

const X = '00000000-0000-7000-8000-00000000000a';
const HOOK = '00000000-0000-7000-8000-00000000000b';
const day = { date: '2031-08-10', timeZone: 'Europe/Paris' };

const account = (id: string, platform: AccountView['platform'], health: AccountView['health'] = 'active') =>
  ({ id, platform, health }) as AccountView;
const usage = (accountId: string, used: number, cap: number | null) => ({ accountId, used, cap }) as AccountUsage;
const scheduledPost = (at: string, accountId: string) =>
  ({
    status: 'scheduled',
    schedule: { at, timeZone: 'UTC', recurrence: null, occurrence: 0 },
    targets: [{ accountId, status: 'pending' }],
  }) as unknown as PostView;

describe(targetFactsFrom.name, () => {
  const accounts = new Map([
    [X, account(X, 'x', 'rate_limited')],
    [HOOK, account(HOOK, 'webhook')],
  ]);

  it("carries each account's health, cap in force and the day's count", () => {
    expect(targetFactsFrom([X], accounts, [usage(X, 3, 5)], day)).toEqual([
      { accountId: X, platform: 'x', accountStatus: 'rate_limited', dailyCap: 5, scheduledThatDay: 3 },
    ]);
  });

  it('gives uncapped platforms a cap no day reaches, as a finite number', () => {
    const [facts] = targetFactsFrom([HOOK], accounts, [usage(HOOK, 40, null)], day);
    expect(facts.dailyCap).toBe(UNCAPPED);
    expect(Number.isFinite(facts.dailyCap)).toBe(true);
  });

  it("refuses accounts outside the organization's read model as NOT_FOUND", () => {
    expect(() => targetFactsFrom(['00000000-0000-7000-8000-0000000000ff'], accounts, [], day)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', details: expect.objectContaining({ field: 'accountIds' }) }),
    );
  });

  it("does not count a rescheduled post's own slot on the same local day", () => {
    // 22:30 UTC is 00:30 the next day in Paris (summer time): the slot is on 10 August there.
    const moving = scheduledPost('2031-08-09T22:30:00.000Z', X);
    expect(targetFactsFrom([X], accounts, [usage(X, 2, 2)], day, moving)[0].scheduledThatDay).toBe(1);
  });

  it('counts it when its slot is on another local day', () => {
    const moving = scheduledPost('2031-08-10T22:30:00.000Z', X);
    expect(targetFactsFrom([X], accounts, [usage(X, 2, 2)], day, moving)[0].scheduledThatDay).toBe(2);
  });
});
