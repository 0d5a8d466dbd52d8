import type { Recurrence } from '../post.types';
import { nextOccurrenceAfter, occurrences, validateRecurrence } from './recurrence';
import { fromLocal } from './zoned-time';

const rule = (overrides: Partial<Recurrence>): Recurrence => ({
  frequency: 'daily',
  interval: 1,
  byWeekday: null,
  until: null,
  count: null,
  ...overrides,
});

const take = (r: Recurrence, start: string, timeZone: string, n: number): string[] => {
  const result: string[] = [];
  for (const { at } of occurrences(r, new Date(start), timeZone)) {
    result.push(at.toISOString());
    if (result.length === n) break;
  }
  return result;
};

describe('recurrence', () => {
  it('a daily 09:00 post in Paris stays at 09:00 local across the March DST change', () => {
    expect(take(rule({}), '2026-03-27T08:00:00.000Z', 'Europe/Paris', 4)).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('a daily 09:00 post in New York follows the US DST change (a different date than Europe)', () => {
    expect(take(rule({}), '2026-03-07T14:00:00.000Z', 'America/New_York', 2)).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
    ]);
  });

  it('a wall time skipped by spring-forward is moved past the gap (02:30 becomes 03:30)', () => {
    const [, skipped] = take(rule({}), '2026-03-28T01:30:00.000Z', 'Europe/Paris', 2);
    expect(skipped).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a wall time repeated by fall-back means its first occurrence', () => {
    expect(
      fromLocal(
        { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 },
        'Europe/Paris',
      ).toISOString(),
    ).toBe('2026-10-25T00:30:00.000Z');
  });

  it('weekly on Monday, Wednesday and Friday, every other week', () => {
    // 2026-03-02 is a Monday.
    expect(
      take(
        rule({ frequency: 'weekly', interval: 2, byWeekday: ['MO', 'WE', 'FR'] }),
        '2026-03-02T10:00:00.000Z',
        'UTC',
        5,
      ),
    ).toEqual([
      '2026-03-02T10:00:00.000Z',
      '2026-03-04T10:00:00.000Z',
      '2026-03-06T10:00:00.000Z',
      '2026-03-16T10:00:00.000Z',
      '2026-03-18T10:00:00.000Z',
    ]);
  });

  it('monthly on the 31st skips the months without one', () => {
    expect(take(rule({ frequency: 'monthly' }), '2026-01-31T12:00:00.000Z', 'UTC', 3)).toEqual([
      '2026-01-31T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-05-31T12:00:00.000Z',
    ]);
  });

  it('stops after COUNT occurrences, the first included', () => {
    expect(take(rule({ count: 2 }), '2026-03-01T10:00:00.000Z', 'UTC', 10)).toHaveLength(2);
  });

  it('stops after UNTIL, inclusive', () => {
    expect(
      take(rule({ until: '2026-03-03T10:00:00.000Z' }), '2026-03-01T10:00:00.000Z', 'UTC', 10),
    ).toHaveLength(3);
  });

  it('the next occurrence after an instant skips the ones already past', () => {
    const next = nextOccurrenceAfter(
      rule({}),
      new Date('2026-03-01T10:00:00.000Z'),
      'UTC',
      new Date('2026-03-05T11:00:00.000Z'),
    );
    expect(next).toEqual({ index: 5, at: new Date('2026-03-06T10:00:00.000Z') });
  });

  it('there is no next occurrence once the series has ended', () => {
    expect(
      nextOccurrenceAfter(
        rule({ count: 1 }),
        new Date('2026-03-01T10:00:00.000Z'),
        'UTC',
        new Date('2026-03-01T10:00:00.000Z'),
      ),
    ).toBeNull();
  });

  it.each<[string, Partial<Recurrence>]>([
    ['a zero interval', { interval: 0 }],
    ['weekdays on a daily repeat', { byWeekday: ['MO'] }],
    ['both an end date and a count', { until: '2026-04-01T00:00:00Z', count: 3 }],
    ['an end before the start', { until: '2026-02-01T00:00:00Z' }],
    ['a zero count', { count: 0 }],
  ])('refuses %s', (_, overrides) => {
    expect(() => validateRecurrence(rule(overrides), new Date('2026-03-01T10:00:00.000Z'))).toThrow(
      expect.objectContaining({ code: 'POST.INVALID_RECURRENCE' }),
    );
  });
});
