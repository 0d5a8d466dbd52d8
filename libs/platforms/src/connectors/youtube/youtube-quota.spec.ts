import { FixedClock } from '@herald/shared-kernel';
import { PlatformError } from '../../platform-error';
import {
  nextPacificMidnight,
  pacificDay,
  youtubeQuota,
  youtubeUnitsOnlyQuota,
  YouTubeQuotaTracker,
} from './youtube-quota';

class MovableClock extends FixedClock {
  at = new Date('2026-11-24T10:00:00.000Z');
  override now(): Date {
    return this.at;
  }
}

function refusal(action: () => void): PlatformError {
  try {
    action();
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('expected the quota to refuse');
}

describe(YouTubeQuotaTracker.name, () => {
  it('finds the next midnight Pacific in winter, in summer and across the clock change', () => {
    expect(nextPacificMidnight(new Date('2026-11-24T10:00:00Z')).toISOString()).toBe(
      '2026-11-25T08:00:00.000Z',
    );
    expect(nextPacificMidnight(new Date('2026-07-01T10:00:00Z')).toISOString()).toBe(
      '2026-07-02T07:00:00.000Z',
    );
    expect(nextPacificMidnight(new Date('2026-10-31T20:00:00Z')).toISOString()).toBe(
      '2026-11-01T07:00:00.000Z',
    );
    expect(nextPacificMidnight(new Date('2026-11-01T12:00:00Z')).toISOString()).toBe(
      '2026-11-02T08:00:00.000Z',
    );
    expect(pacificDay(new Date('2026-11-25T07:59:59Z'))).toBe('2026-11-24');
    expect(pacificDay(new Date('2026-11-25T08:00:00Z'))).toBe('2026-11-25');
  });

  it('refuses the 101st upload of the day until midnight Pacific, then starts afresh', () => {
    const clock = new MovableClock(new Date());
    const sut = new YouTubeQuotaTracker(youtubeQuota(), clock);
    for (let i = 0; i < 100; i++) sut.reserve('videos.insert');
    const error = refusal(() => sut.reserve('videos.insert'));
    expect(error).toMatchObject({
      kind: 'rate_limited',
      platformCode: 'quotaExceeded',
      retryAfterMs: 22 * 3_600_000,
    });
    sut.reserve('videos.list');
    expect(sut.usage()).toEqual({
      units: { used: 1, limit: 10_000, spent: false },
      'videos.insert': { used: 100, limit: 100, spent: false },
      'search.list': { used: 0, limit: 100, spent: false },
    });
    clock.at = new Date('2026-11-25T08:00:00Z');
    expect(() => sut.reserve('videos.insert')).not.toThrow();
  });

  it('under the units-only model, six uploads (9,600 units) leave room for 400 one-unit reads', () => {
    const sut = new YouTubeQuotaTracker(youtubeUnitsOnlyQuota(), new MovableClock(new Date()));
    for (let i = 0; i < 6; i++) sut.reserve('videos.insert');
    expect(() => sut.reserve('videos.insert')).toThrow(PlatformError);
    for (let i = 0; i < 400; i++) sut.reserve('videos.list');
    expect(() => sut.reserve('videos.list')).toThrow(PlatformError);
  });

  it('believes Google over its own count once Google says the quota is spent', () => {
    const sut = new YouTubeQuotaTracker(youtubeQuota(), new MovableClock(new Date()));
    sut.exhaust('videos.list');
    expect(refusal(() => sut.reserve('channels.list')).kind).toBe('rate_limited');
    expect(() => sut.reserve('videos.insert')).not.toThrow();
  });
});
