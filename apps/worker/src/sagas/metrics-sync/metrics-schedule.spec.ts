import { METRICS_CADENCE, nextReadingAt, staggerMs } from './metrics-schedule';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PUBLISHED = '2030-01-01T00:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(PUBLISHED) + ms);

describe(nextReadingAt.name, () => {
  const id = 'post-1:account-1:platform-post-1';

  it('reads hourly for the first 48 hours, daily after, and stops 30 days after publication', () => {
    const offset = (interval: number) => staggerMs(id, interval);
    expect(nextReadingAt(id, PUBLISHED, at(HOUR))).toBe(at(2 * HOUR + offset(HOUR)).toISOString());
    expect(nextReadingAt(id, PUBLISHED, at(47 * HOUR))).toBe(at(48 * HOUR + offset(HOUR)).toISOString());
    expect(nextReadingAt(id, PUBLISHED, at(48 * HOUR))).toBe(at(72 * HOUR + offset(DAY)).toISOString());
    expect(nextReadingAt(id, PUBLISHED, at(28 * DAY))).toBe(at(29 * DAY + offset(DAY)).toISOString());
    expect(nextReadingAt(id, PUBLISHED, at(29 * DAY + offset(DAY)))).toBeNull();
  });

  it('staggers publications within the first tenth of an interval, the same way every time', () => {
    const offsets = Array.from({ length: 200 }, (_, index) => staggerMs(`post-${index}:a:p`, HOUR));
    expect(Math.max(...offsets)).toBeLessThan(HOUR * METRICS_CADENCE.staggerFraction);
    expect(new Set(offsets).size).toBeGreaterThan(150);
    expect(staggerMs(id, HOUR)).toBe(staggerMs(id, HOUR));
  });
});
