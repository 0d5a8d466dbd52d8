import { DEFAULT_PLATFORM_LIMITS } from '../publisher.options';
import { percentile, runDueTogether } from './support/due-together';

const POSTS = 10_000;

jest.setTimeout(20 * 60_000);

/**
 * Fault: a burst. 10,000 posts due in the same second, to 20 generic webhook targets on a local
 * receiver that counts deliveries by post. Every post must be delivered exactly once and recorded
 * as published exactly once. The lateness is printed (the targets are judged by bench/publish.ts,
 * not here: a loaded CI machine must not turn a timing into a failure).
 */
describe('publisher: 10,000 posts due in the same second', () => {
  it('publishes all of them, none twice', async () => {
    const result = await runDueTogether({
      posts: POSTS,
      accounts: 20,
      deadlineMs: 15 * 60_000,
      publisher: {
        // The default webhook rate limit (60 calls/min) would spread the burst over hours.
        limits: { ...DEFAULT_PLATFORM_LIMITS, webhook: { concurrency: 8, rate: { limit: 1_000_000, windowMs: 1_000 } } },
      },
    });
    const ms = (p: number) => percentile(result.latenessMs, p);
    console.log(
      `10,000 due together: lateness p50 ${ms(50)} ms, p99 ${ms(99)} ms, max ${ms(100)} ms; ` +
        `all outcomes recorded ${result.allRecordedAfterMs} ms after the due instant`,
    );
    expect(result.missingPosts).toEqual([]);
    expect(result.duplicatedPosts).toEqual([]);
    expect(result.wronglyRecorded).toEqual([]);
    expect(result.deliveries).toBe(POSTS);
  });
});
