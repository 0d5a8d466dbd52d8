import type { PostTarget } from '@herald/posts';
import { content, postEvents, ProjectionTestBed } from '@herald/projections/support';
import { postsProjection } from './posts.projection';
import { postsQueries, type PostsQueries, type PostView } from './posts.queries';

const ORG = 'org-a';
const OTHER_ORG = 'org-b';
const ig: PostTarget = { accountId: 'acc-ig', platform: 'instagram' };
const li: PostTarget = { accountId: 'acc-li', platform: 'linkedin' };
const ids = (items: readonly PostView[]): string[] => items.map((item) => item.id);

describe(postsProjection.name, () => {
  let bed: ProjectionTestBed;
  let sut: PostsQueries;

  beforeAll(async () => {
    bed = await ProjectionTestBed.open([postsProjection]);
    const at = (id: string) => ({ tenantId: id.startsWith('b') ? OTHER_ORG : ORG });
    await bed.append('post-a1', [postEvents.drafted('a1', ORG, content('Spring launch of the new café menu', { hashtags: ['SpringMenu'] }))], at('a1'));
    await bed.append('post-a2', [postEvents.drafted('a2', ORG, content('Summer teaser')), postEvents.submitted('2030-01-02T00:00:00.000Z')], at('a2'));
    await bed.append('post-a3', [postEvents.drafted('a3', ORG, content('Launch day is here')), postEvents.scheduled('2030-02-01T09:00:00.000Z', 'Europe/Paris', [ig, li])], at('a3'));
    await bed.append(
      'post-a4',
      [
        postEvents.drafted('a4', ORG, content('Published launch recap')),
        postEvents.scheduled('2030-01-20T09:00:00.000Z', 'UTC', [ig]),
        postEvents.attemptStarted(ig, 0, 1, '2030-01-20T09:00:00.000Z'),
        postEvents.succeeded(ig, 0, 1, '2030-01-20T09:00:02.000Z'),
        postEvents.completed(0, [ig.accountId], [], '2030-01-20T09:00:02.000Z'),
      ],
      at('a4'),
    );
    await bed.append(
      'post-a5',
      [
        postEvents.drafted('a5', ORG, content('Will fail')),
        postEvents.scheduled('2030-01-21T09:00:00.000Z', 'UTC', [li]),
        postEvents.attemptStarted(li, 0, 1, '2030-01-21T09:00:00.000Z'),
        postEvents.failedFinally(li, 0, 1, 'token revoked', '2030-01-21T09:00:01.000Z'),
        postEvents.completed(0, [], [li.accountId], '2030-01-21T09:00:01.000Z'),
      ],
      at('a5'),
    );
    for (let index = 6; index <= 12; index += 1) await bed.append(`post-a${index}`, [postEvents.drafted(`a${index}`, ORG, content(`Draft number ${index}`))], at('a'));
    await bed.append('post-b1', [postEvents.drafted('b1', OTHER_ORG, content('Spring launch elsewhere'))], at('b1'));
    await bed.start();
    await bed.caughtUp();
    sut = postsQueries(bed.catalog);
  });

  afterAll(async () => {
    await bed.close();
  });

  it('lists each status tab of the organization', async () => {
    expect(ids((await sut.list({ organizationId: ORG, status: 'awaiting_approval' })).items)).toEqual(['a2']);
    expect(ids((await sut.list({ organizationId: ORG, status: 'scheduled' })).items)).toEqual(['a3']);
    expect(ids((await sut.list({ organizationId: ORG, status: 'published' })).items)).toEqual(['a4']);
    expect(ids((await sut.list({ organizationId: ORG, status: 'failed' })).items)).toEqual(['a5']);
    const counts = await sut.countByStatus({ organizationId: ORG });
    expect(counts).toMatchObject({ draft: 8, awaiting_approval: 1, scheduled: 1, published: 1, failed: 1, deleted: 0 });
  });

  it('pages drafts with a cursor, newest change first, without repeats or gaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await sut.list({ organizationId: ORG, status: 'draft', limit: 3, after });
      seen.push(...ids(page.items));
      after = page.nextCursor;
      pages += 1;
    } while (after !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(['a12', 'a11', 'a10', 'a9', 'a8', 'a7', 'a6', 'a1']);
  });

  it('gets a post with per-target status, platform post id, URL and last error, only within its tenant', async () => {
    const published = await sut.get({ organizationId: ORG, postId: 'a4' });
    expect(published?.targets).toEqual([
      expect.objectContaining({ accountId: 'acc-ig', status: 'published', platformPostId: 'pp-acc-ig-0', url: 'https://instagram.example/p/acc-ig-0', publishedAt: '2030-01-20T09:00:02.000Z' }),
    ]);
    const failed = await sut.get({ organizationId: ORG, postId: 'a5' });
    expect(failed?.targets[0]).toMatchObject({ status: 'failed', lastError: { errorClass: 'rejected', message: 'token revoked' } });
    expect(failed).not.toHaveProperty('terms');
    expect(failed).not.toHaveProperty('_position');
    expect(await sut.get({ organizationId: OTHER_ORG, postId: 'a4' })).toBeNull();
  });

  it('searches words and word starts, accents folded, within the tenant', async () => {
    expect(ids((await sut.search({ organizationId: ORG, text: 'launch' })).items)).toEqual(['a4', 'a3', 'a1']);
    expect(ids((await sut.search({ organizationId: ORG, text: 'LAUN cafe' })).items)).toEqual(['a1']);
    expect(ids((await sut.search({ organizationId: ORG, text: 'springmenu' })).items)).toEqual(['a1']);
    expect(ids((await sut.search({ organizationId: ORG, text: 'launch', status: 'scheduled' })).items)).toEqual(['a3']);
    expect(ids((await sut.search({ organizationId: ORG, text: 'launch', platforms: 'linkedin' })).items)).toEqual(['a3']);
    expect(ids((await sut.search({ organizationId: OTHER_ORG, text: 'launch' })).items)).toEqual(['b1']);
    await expect(sut.search({ organizationId: ORG, text: '  ' })).rejects.toMatchObject({ code: 'VALIDATION.FAILED', details: { field: 'text' } });
  });

  it('sorts the upcoming schedule by its instant', async () => {
    await bed.append('post-a6', [postEvents.scheduled('2030-01-25T09:00:00.000Z', 'UTC', [ig])], { tenantId: ORG });
    await bed.caughtUp();
    const upcoming = await sut.list({ organizationId: ORG, status: ['scheduled', 'publishing'], sort: 'scheduledFor', direction: 'asc' });
    expect(upcoming.items.map((item) => `${item.id} ${item.scheduledFor}`)).toEqual(['a6 2030-01-25T09:00:00.000Z', 'a3 2030-02-01T09:00:00.000Z']);
  });

  it('hides deleted posts unless asked, and rebuilds identical documents after a restart, from scratch and over its own documents', async () => {
    await bed.append('post-a7', [postEvents.deleted('2030-01-30T00:00:00.000Z')], { tenantId: ORG });
    await bed.append('post-a3', [postEvents.rescheduled('2030-02-01T09:00:00.000Z', '2030-02-02T09:00:00.000Z', 'Europe/Paris')], { tenantId: ORG });
    await bed.restart();
    expect(ids((await sut.list({ organizationId: ORG, limit: 200 })).items)).not.toContain('a7');
    expect(ids((await sut.list({ organizationId: ORG, status: 'deleted' })).items)).toEqual(['a7']);
    expect((await sut.get({ organizationId: ORG, postId: 'a3' }))?.scheduledFor).toBe('2030-02-02T09:00:00.000Z');
    const live = await bed.snapshot();
    await bed.rebuild(postsProjection.name);
    expect(await bed.snapshot()).toEqual(live);
    await bed.replayFromStart(postsProjection.name);
    expect(await bed.snapshot()).toEqual(live);
  });

  it('refuses unscoped or malformed queries', async () => {
    await expect(sut.list({ organizationId: ' ' })).rejects.toMatchObject({ code: 'VALIDATION.FAILED', details: { field: 'organizationId' } });
    await expect(sut.list({ organizationId: ORG, limit: 0 })).rejects.toMatchObject({ details: { field: 'limit' } });
    await expect(sut.list({ organizationId: ORG, status: 'lost' as 'failed' })).rejects.toMatchObject({ details: { field: 'status' } });
  });
});
