import type { PostTarget } from '@herald/posts';
import {
  accountEvents,
  content,
  organizationEvents,
  postEvents,
  type ProjectionTestBed,
} from '@herald/projections/support';
import { analyticsProjection } from './analytics.projection';
import { crashAtEveryWrite } from './testing/crash-recovery';
import { metricsRecorded } from './testing/analytics-fixtures';

const ORG = 'org-1';
const ig: PostTarget = { accountId: 'acc-ig', platform: 'instagram' };
const x: PostTarget = { accountId: 'acc-x', platform: 'x' };

async function seed(bed: ProjectionTestBed): Promise<void> {
  await bed.append(`organization-${ORG}`, [
    organizationEvents.created(ORG, { timeZone: 'America/New_York' }),
  ]);
  await bed.append('socialAccount-acc-ig', [accountEvents.connected('acc-ig', ORG, 'instagram')]);
  await bed.append('socialAccount-acc-x', [accountEvents.connected('acc-x', ORG, 'x')]);
  await bed.append('post-p1', [
    postEvents.drafted('p1', ORG, content('Crash me')),
    postEvents.succeeded(ig, 0, 1, '2030-05-01T12:00:00.000Z'),
    postEvents.succeeded(x, 0, 1, '2030-05-01T12:00:00.000Z'),
    metricsRecorded('acc-ig', 'pp-acc-ig-0', '2030-05-01T13:00:00.000Z', { impressions: 10, likes: 1 }),
    metricsRecorded('acc-ig', 'pp-acc-ig-0', '2030-05-01T13:05:00.000Z', { impressions: 30, likes: 2 }),
    metricsRecorded('acc-x', 'pp-acc-x-0', '2030-05-01T13:06:00.000Z', {
      impressions: 50,
      likes: 5,
      clicks: 1,
    }),
    metricsRecorded('acc-ig', 'pp-acc-ig-0', '2030-05-02T13:00:00.000Z', {
      impressions: 70,
      likes: 4,
      comments: 1,
    }),
    metricsRecorded('acc-x', 'pp-acc-x-0', '2030-05-02T14:00:00.000Z', {
      impressions: 90,
      likes: 6,
      clicks: 3,
    }),
  ]);
}

describe('analyticsProjection on a store without atomic batches', () => {
  it('recovers from a crash between any two writes to exactly the documents of an uninterrupted run', async () => {
    const { expected, recovered } = await crashAtEveryWrite(analyticsProjection, seed);

    expect(expected['analytics.posts'][0]).toMatchObject({
      metrics: { impressions: 160, likes: 10, comments: 1, clicks: 3 },
    });
    expect(recovered.length).toBeGreaterThan(20);
    for (const { writes, documents } of recovered)
      expect({ writes, documents }).toEqual({ writes, documents: expected });
  }, 120_000);
});
