import type { PostTarget } from '@herald/posts';
import { content, organizationEvents, postEvents, ProjectionTestBed } from '@herald/projections/support';
import { calendarProjection } from './calendar.projection';
import { calendarQueries, type CalendarQueries, type CalendarRange } from './calendar.queries';

const ORG = 'org-paris';
const OTHER_ORG = 'org-other';
const instagram: PostTarget = { accountId: 'acc-ig', platform: 'instagram' };
const linkedin: PostTarget = { accountId: 'acc-li', platform: 'linkedin' };
const post = (id: string): string => `post-${id}`;

/** `date localTime postId/accountId status` per entry, day by day: readable in a failure message. */
const lines = (range: CalendarRange): string[] =>
  range.days.flatMap((day) => day.entries.map((entry) => `${day.date} ${entry.localTime} ${entry.postId}/${entry.accountId} ${entry.status}`));

describe(calendarProjection.name, () => {
  let bed: ProjectionTestBed;
  let sut: CalendarQueries;

  beforeAll(async () => {
    bed = await ProjectionTestBed.open([calendarProjection]);
    await bed.append(`organization-${ORG}`, [organizationEvents.created(ORG, { timeZone: 'Europe/Paris' })], { tenantId: ORG });
    await bed.append(`organization-${OTHER_ORG}`, [organizationEvents.created(OTHER_ORG, { timeZone: 'UTC' })], { tenantId: OTHER_ORG });
    // Saturday 23:30 in Paris (CET), the night before the spring-forward change.
    await bed.append(post('p1'), [postEvents.drafted('p1', ORG, content('Spring launch')), postEvents.scheduled('2030-03-30T22:30:00.000Z', 'Europe/Paris', [instagram, linkedin])], { tenantId: ORG });
    // Monday 00:30 in Paris (CEST), still Sunday evening in New York.
    await bed.append(post('p2'), [postEvents.drafted('p2', ORG, content('Monday teaser')), postEvents.scheduled('2030-03-31T22:30:00.000Z', 'Europe/Paris', [instagram])], { tenantId: ORG });
    // Published on Monday 25th at 09:00 CET.
    await bed.append(
      post('p3'),
      [
        postEvents.drafted('p3', ORG, content('Published one', { media: [{ url: 'https://cdn.example/a.jpg', type: 'image', mimeType: 'image/jpeg', sizeBytes: 1000, width: 100, height: 100, durationSeconds: null, altText: null }] })),
        postEvents.scheduled('2030-03-25T08:00:00.000Z', 'Europe/Paris', [instagram]),
        postEvents.attemptStarted(instagram, 0, 1, '2030-03-25T08:00:01.000Z'),
        postEvents.succeeded(instagram, 0, 1, '2030-03-25T08:00:03.000Z'),
        postEvents.completed(0, [instagram.accountId], [], '2030-03-25T08:00:03.000Z'),
      ],
      { tenantId: ORG },
    );
    // Another tenant's post at the same instant as p1.
    await bed.append(post('x1'), [postEvents.drafted('x1', OTHER_ORG, content('Not yours')), postEvents.scheduled('2030-03-30T22:30:00.000Z', 'UTC', [{ accountId: 'acc-other', platform: 'x' }])], { tenantId: OTHER_ORG });
    await bed.start();
    await bed.caughtUp();
    sut = calendarQueries(bed.catalog);
  });

  afterAll(async () => {
    await bed.close();
  });

  it('groups the Paris spring-forward week by local day in the organization zone', async () => {
    const week = await sut.range({ organizationId: ORG, view: 'week', date: '2030-03-28' });
    expect(week).toMatchObject({ timeZone: 'Europe/Paris', from: '2030-03-24T23:00:00.000Z', to: '2030-03-31T22:00:00.000Z' });
    expect(week.days.map((day) => day.date)).toEqual(['2030-03-25', '2030-03-26', '2030-03-27', '2030-03-28', '2030-03-29', '2030-03-30', '2030-03-31']);
    expect(lines(week)).toEqual([
      '2030-03-25 09:00 p3/acc-ig published',
      '2030-03-30 23:30 p1/acc-ig scheduled',
      '2030-03-30 23:30 p1/acc-li scheduled',
    ]);
    const published = week.days[0].entries[0];
    expect(published).toMatchObject({ excerpt: 'Published one', mediaCount: 1, thumbnailUrl: 'https://cdn.example/a.jpg', platformPostId: 'pp-acc-ig-0', publishedAt: '2030-03-25T08:00:03.000Z' });
  });

  it('regroups the same entries in a requested zone (America/New_York, already on summer time)', async () => {
    const week = await sut.range({ organizationId: ORG, view: 'week', date: '2030-03-28', timeZone: 'America/New_York' });
    expect(week).toMatchObject({ from: '2030-03-25T04:00:00.000Z', to: '2030-04-01T04:00:00.000Z' });
    expect(lines(week)).toEqual([
      '2030-03-25 04:00 p3/acc-ig published',
      '2030-03-30 18:30 p1/acc-ig scheduled',
      '2030-03-30 18:30 p1/acc-li scheduled',
      '2030-03-31 18:30 p2/acc-ig scheduled',
    ]);
  });

  it('filters by status, account and platform and never shows another tenant', async () => {
    const day = (filters: Partial<Parameters<CalendarQueries['range']>[0]>) => sut.range({ organizationId: ORG, view: 'month', date: '2030-03-01', ...filters });
    expect(lines(await day({ statuses: 'published' }))).toEqual(['2030-03-25 09:00 p3/acc-ig published']);
    expect(lines(await day({ accountIds: [linkedin.accountId] }))).toEqual(['2030-03-30 23:30 p1/acc-li scheduled']);
    expect(lines(await day({ platforms: ['linkedin', 'x'] }))).toEqual(['2030-03-30 23:30 p1/acc-li scheduled']);
    const other = await sut.range({ organizationId: OTHER_ORG, view: 'day', date: '2030-03-30' });
    expect(lines(other)).toEqual(['2030-03-30 22:30 x1/acc-other scheduled']);
  });

  it('moves a rescheduled post to its new day and drops a cancelled one', async () => {
    await bed.append(post('p1'), [postEvents.rescheduled('2030-03-30T22:30:00.000Z', '2030-04-02T07:00:00.000Z', 'Europe/Paris')], { tenantId: ORG });
    await bed.append(post('p2'), [postEvents.cancelled()], { tenantId: ORG });
    await bed.caughtUp();
    const before = await sut.range({ organizationId: ORG, view: 'week', date: '2030-03-30' });
    expect(lines(before)).toEqual(['2030-03-25 09:00 p3/acc-ig published']);
    const after = await sut.range({ organizationId: ORG, view: 'week', date: '2030-04-02' });
    expect(lines(after)).toEqual(['2030-04-02 09:00 p1/acc-ig scheduled', '2030-04-02 09:00 p1/acc-li scheduled']);
  });

  it('keeps entries on their local day across the New York spring-forward night', async () => {
    await bed.append(post('ny1'), [postEvents.drafted('ny1', ORG, content('Before the change')), postEvents.scheduled('2030-03-10T06:30:00.000Z', 'America/New_York', [linkedin])], { tenantId: ORG });
    await bed.append(post('ny2'), [postEvents.drafted('ny2', ORG, content('After the change')), postEvents.scheduled('2030-03-10T07:30:00.000Z', 'America/New_York', [linkedin])], { tenantId: ORG });
    await bed.append(post('ny3'), [postEvents.drafted('ny3', ORG, content('Last minute of Sunday')), postEvents.scheduled('2030-03-11T03:59:00.000Z', 'America/New_York', [linkedin])], { tenantId: ORG });
    await bed.append(post('ny4'), [postEvents.drafted('ny4', ORG, content('Monday')), postEvents.scheduled('2030-03-11T04:00:00.000Z', 'America/New_York', [linkedin])], { tenantId: ORG });
    await bed.caughtUp();
    const week = await sut.range({ organizationId: ORG, view: 'week', date: '2030-03-06', timeZone: 'America/New_York' });
    expect(lines(week)).toEqual([
      '2030-03-10 01:30 ny1/acc-li scheduled',
      '2030-03-10 03:30 ny2/acc-li scheduled',
      '2030-03-10 23:59 ny3/acc-li scheduled',
    ]);
    const day = await sut.range({ organizationId: ORG, view: 'day', date: '2030-03-11', timeZone: 'America/New_York' });
    expect(lines(day)).toEqual(['2030-03-11 00:00 ny4/acc-li scheduled']);
  });

  it('plans later occurrences of a weekly series at the same local time across the change, and tracks failures', async () => {
    const weekly = { frequency: 'weekly' as const, interval: 1, byWeekday: null, until: null, count: 4 };
    await bed.append(post('s1'), [postEvents.drafted('s1', ORG, content('Weekly tip')), postEvents.scheduled('2030-03-18T08:00:00.000Z', 'Europe/Paris', [instagram], weekly)], { tenantId: ORG });
    await bed.append(
      post('s1'),
      [
        postEvents.attemptStarted(instagram, 0, 1, '2030-03-18T08:00:00.000Z'),
        postEvents.attemptFailed(instagram, 0, 1, 'timeout', '2030-03-18T08:01:00.000Z'),
        postEvents.attemptStarted(instagram, 0, 2, '2030-03-18T08:01:00.000Z'),
        postEvents.failedFinally(instagram, 0, 2, 'media rejected', '2030-03-18T08:01:02.000Z'),
        postEvents.nextOccurrence(1, 1, '2030-03-25T08:00:00.000Z'),
      ],
      { tenantId: ORG, actor: { kind: 'system', id: 'publisher' } },
    );
    await bed.caughtUp();
    const month = await sut.range({ organizationId: ORG, view: 'month', date: '2030-03-01', accountIds: instagram.accountId });
    expect(lines(month).filter((line) => line.includes('s1/'))).toEqual([
      '2030-03-18 09:00 s1/acc-ig failed',
      '2030-03-25 09:00 s1/acc-ig scheduled',
    ]);
    const april = await sut.range({ organizationId: ORG, view: 'month', date: '2030-04-10', accountIds: instagram.accountId });
    expect(lines(april).filter((line) => line.includes('s1/'))).toEqual(['2030-04-01 09:00 s1/acc-ig planned', '2030-04-08 09:00 s1/acc-ig planned']);
    const failed = month.days.find((day) => day.date === '2030-03-18')?.entries[0];
    expect(failed).toMatchObject({ attempts: 2, lastError: { errorClass: 'rejected', message: 'media rejected' } });
    const planned = await sut.range({ organizationId: ORG, view: 'month', date: '2030-04-10', statuses: 'planned' });
    expect(lines(planned)).toEqual(['2030-04-01 09:00 s1/acc-ig planned', '2030-04-08 09:00 s1/acc-ig planned']);
  });

  it('builds identical documents after a restart, rebuilt from the whole log, and replayed over its own documents', async () => {
    await bed.append(post('p4'), [postEvents.drafted('p4', ORG, content('After restart')), postEvents.scheduled('2030-04-03T10:00:00.000Z', 'Europe/Paris', [linkedin])], { tenantId: ORG });
    await bed.append(post('p3'), [postEvents.deleted('2030-04-01T00:00:00.000Z')], { tenantId: ORG });
    await bed.restart();
    const live = await bed.snapshot();
    expect(live['calendar.entries'].map((entry) => entry._id)).toContain('p4:0:acc-li');
    expect(live['calendar.entries'].map((entry) => entry._id)).not.toContain('p3:0:acc-ig');
    const version = await bed.rebuild(calendarProjection.name);
    expect(version).toBe(2);
    expect(await bed.snapshot()).toEqual(live);
    await bed.replayFromStart(calendarProjection.name);
    expect(await bed.snapshot()).toEqual(live);
  });

  it('refuses queries without a tenant or with a bad zone, date or status', async () => {
    await expect(sut.range({ organizationId: '', view: 'week', date: '2030-03-28' })).rejects.toMatchObject({ code: 'VALIDATION.FAILED', details: { field: 'organizationId' } });
    await expect(sut.range({ organizationId: ORG, view: 'week', date: '2030-13-01' })).rejects.toMatchObject({ details: { field: 'date' } });
    await expect(sut.range({ organizationId: ORG, view: 'week', date: '2030-03-01', timeZone: 'Paris' })).rejects.toMatchObject({ details: { field: 'timeZone' } });
    await expect(sut.range({ organizationId: ORG, view: 'week', date: '2030-03-01', statuses: ['lost' as 'failed'] })).rejects.toMatchObject({ details: { field: 'statuses' } });
  });
});
