import type { PostTarget } from '@herald/posts';
import { accountEvents, content, organizationEvents, postEvents, ProjectionTestBed } from '@herald/projections/support';
import { accountsProjection } from './accounts.projection';
import { accountsQueries, type AccountsQueries, type AccountUsage } from './accounts.queries';

const ORG = 'org-paris';
const OTHER_ORG = 'org-other';
const ig: PostTarget = { accountId: 'acc-ig', platform: 'instagram' };
const li: PostTarget = { accountId: 'acc-li', platform: 'linkedin' };
const yt: PostTarget = { accountId: 'acc-yt', platform: 'youtube' };

const usageLine = (usage: AccountUsage): string => `${usage.accountId} ${usage.scheduled}+${usage.published}=${usage.used}/${usage.cap ?? '-'} left ${usage.remaining ?? '-'}`;

describe(accountsProjection.name, () => {
  let bed: ProjectionTestBed;
  let sut: AccountsQueries;
  const tenant = { tenantId: ORG };

  beforeAll(async () => {
    bed = await ProjectionTestBed.open([accountsProjection]);
    await bed.append(`organization-${ORG}`, [organizationEvents.created(ORG, { timeZone: 'Europe/Paris', dailyCaps: { instagram: 2 } })], tenant);
    await bed.append(`organization-${OTHER_ORG}`, [organizationEvents.created(OTHER_ORG)], { tenantId: OTHER_ORG });
    await bed.append('socialAccount-acc-ig', [
      accountEvents.connected('acc-ig', ORG, 'instagram', { tokenExpiresAt: '2030-04-10T00:00:00.000Z' }),
      accountEvents.rateLimited('acc-ig', '2030-03-20T12:00:00.000Z', '2030-03-20T11:00:00.000Z'),
      // A refresh during the limit does not lift it.
      accountEvents.tokensRefreshed('acc-ig', '2030-05-01T00:00:00.000Z', '2030-03-20T11:30:00.000Z'),
    ], tenant);
    await bed.append('socialAccount-acc-li', [
      accountEvents.connected('acc-li', ORG, 'linkedin', { tokenExpiresAt: '2030-03-25T00:00:00.000Z' }),
      accountEvents.tokenRefreshFailed('acc-li', 'invalid_grant', true, '2030-03-24T00:00:00.000Z'),
    ], tenant);
    await bed.append('socialAccount-acc-yt', [accountEvents.connected('acc-yt', ORG, 'youtube', { tokenExpiresAt: null })], tenant);
    await bed.append('socialAccount-acc-gone', [accountEvents.connected('acc-gone', ORG, 'x'), accountEvents.disconnected('acc-gone', '2030-03-01T00:00:00.000Z')], tenant);
    await bed.append('socialAccount-acc-foreign', [accountEvents.connected('acc-foreign', OTHER_ORG, 'instagram')], { tenantId: OTHER_ORG });

    // Saturday 30 March in Paris runs from 2030-03-29T23:00Z to 2030-03-30T23:00Z.
    await bed.append('post-p1', [postEvents.drafted('p1', ORG, content('Saturday night')), postEvents.scheduled('2030-03-30T22:30:00.000Z', 'Europe/Paris', [ig, li])], tenant);
    await bed.append('post-p2', [
      postEvents.drafted('p2', ORG, content('Saturday morning')),
      postEvents.scheduled('2030-03-29T23:30:00.000Z', 'Europe/Paris', [ig]),
      postEvents.attemptStarted(ig, 0, 1, '2030-03-29T23:30:00.000Z'),
      postEvents.succeeded(ig, 0, 1, '2030-03-29T23:30:01.000Z'),
      postEvents.completed(0, [ig.accountId], [], '2030-03-29T23:30:01.000Z'),
    ], tenant);
    await bed.append('post-p3', [postEvents.drafted('p3', ORG, content('Sunday already in Paris')), postEvents.scheduled('2030-03-30T23:30:00.000Z', 'Europe/Paris', [ig, yt])], tenant);
    await bed.append('post-p4', [
      postEvents.drafted('p4', ORG, content('Failed one')),
      postEvents.scheduled('2030-03-30T10:00:00.000Z', 'Europe/Paris', [ig]),
      postEvents.attemptStarted(ig, 0, 1, '2030-03-30T10:00:00.000Z'),
      postEvents.failedFinally(ig, 0, 1, 'rejected', '2030-03-30T10:00:01.000Z'),
      postEvents.completed(0, [], [ig.accountId], '2030-03-30T10:00:01.000Z'),
    ], tenant);
    await bed.start();
    await bed.caughtUp();
    sut = accountsQueries(bed.catalog);
  });

  afterAll(async () => {
    await bed.close();
  });

  it('lists connected accounts with health and token expiry, never tokens, never another tenant', async () => {
    const accounts = await sut.list({ organizationId: ORG });
    expect(accounts.map((account) => `${account.id} ${account.health} ${account.tokenExpiresAt}`)).toEqual([
      'acc-ig rate_limited 2030-05-01T00:00:00.000Z',
      'acc-li expired 2030-03-25T00:00:00.000Z',
      'acc-yt active null',
    ]);
    expect(accounts[0].healthDetail).toEqual({ code: 'rate_limited', message: null, until: '2030-03-20T12:00:00.000Z' });
    expect(accounts[1]).toMatchObject({ healthDetail: { code: 'token_refresh_failed', message: 'invalid_grant' }, lastRefreshFailure: { permanent: true } });
    expect(JSON.stringify(await bed.documents('accounts', 'accounts'))).not.toMatch(/access-secret|refresh-secret|access-2/);
    expect((await sut.list({ organizationId: ORG, health: 'disconnected' })).map((account) => account.id)).toEqual(['acc-gone']);
    expect(await sut.get({ organizationId: ORG, accountId: 'acc-foreign' })).toBeNull();
    expect((await sut.list({ organizationId: OTHER_ORG })).map((account) => account.id)).toEqual(['acc-foreign']);
  });

  it('finds tokens expiring before an instant', async () => {
    expect((await sut.expiringTokens({ organizationId: ORG, before: '2030-04-30T00:00:00.000Z' })).map((account) => account.id)).toEqual(['acc-li']);
    expect((await sut.expiringTokens({ organizationId: ORG, before: '2030-06-01T00:00:00.000Z' })).map((account) => account.id)).toEqual(['acc-li', 'acc-ig']);
  });

  it('counts scheduled and published posts per local day against the override or default cap', async () => {
    const paris = await sut.dailyUsage({ organizationId: ORG, date: '2030-03-30' });
    expect(paris.map(usageLine)).toEqual(['acc-ig 1+1=2/2 left 0', 'acc-li 1+0=1/2 left 1', 'acc-yt 0+0=0/- left -']);
    expect(paris[0]).toMatchObject({ date: '2030-03-30', timeZone: 'Europe/Paris' });
    const utc = await sut.dailyUsage({ organizationId: ORG, date: '2030-03-30', timeZone: 'UTC', accountIds: ['acc-ig', 'acc-yt'] });
    expect(utc.map(usageLine)).toEqual(['acc-ig 2+0=2/2 left 0', 'acc-yt 1+0=1/- left -']);
    expect(await sut.dailyUsage({ organizationId: ORG, date: '2030-03-30', accountIds: 'acc-foreign' })).toEqual([]);
  });

  it('follows reschedules and cap changes, and rebuilds identical documents after a restart, from scratch and over its own documents', async () => {
    await bed.append('post-p1', [postEvents.rescheduled('2030-03-30T22:30:00.000Z', '2030-04-02T08:00:00.000Z', 'Europe/Paris')], tenant);
    await bed.append(`organization-${ORG}`, [organizationEvents.settingsUpdated(ORG, { timeZone: 'Europe/Paris', dataRetentionDays: 365, requiresApproval: false, dailyCaps: { instagram: 3, linkedin: 1 } }, ['dailyCaps'])], tenant);
    await bed.append('socialAccount-acc-ig', [accountEvents.healthRestored('acc-ig', '2030-03-20T12:00:00.000Z')], tenant);
    await bed.restart();
    expect((await sut.dailyUsage({ organizationId: ORG, date: '2030-03-30' })).map(usageLine)).toEqual(['acc-ig 0+1=1/3 left 2', 'acc-li 0+0=0/1 left 1', 'acc-yt 0+0=0/- left -']);
    expect((await sut.dailyUsage({ organizationId: ORG, date: '2030-04-02' })).map(usageLine)).toEqual(['acc-ig 1+0=1/3 left 2', 'acc-li 1+0=1/1 left 0', 'acc-yt 0+0=0/- left -']);
    expect((await sut.get({ organizationId: ORG, accountId: 'acc-ig' }))?.health).toBe('active');
    const live = await bed.snapshot();
    await bed.rebuild(accountsProjection.name);
    expect(await bed.snapshot()).toEqual(live);
    await bed.replayFromStart(accountsProjection.name);
    expect(await bed.snapshot()).toEqual(live);
  });

  it('refuses unscoped queries and bad dates', async () => {
    await expect(sut.list({ organizationId: '' })).rejects.toMatchObject({ code: 'VALIDATION.FAILED', details: { field: 'organizationId' } });
    await expect(sut.dailyUsage({ organizationId: ORG, date: 'tomorrow' })).rejects.toMatchObject({ details: { field: 'date' } });
    await expect(sut.expiringTokens({ organizationId: ORG, before: 'soon' })).rejects.toMatchObject({ details: { field: 'before' } });
  });
});
