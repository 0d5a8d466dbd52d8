import { isHeraldError } from '@herald/shared-kernel';
import { localDateOf, localTimeOf, parseLocalDate, requireTimeZone, startOfLocalDay, zonedClock, zonedRange } from './zoned-calendar';

const hours = (range: { from: string; to: string }): number => (Date.parse(range.to) - Date.parse(range.from)) / 3_600_000;

describe('zonedRange', () => {
  it('bounds the ISO week holding the spring-forward Sunday in Europe/Paris (167 hours)', () => {
    const sut = zonedRange('week', parseLocalDate('2030-03-28'), 'Europe/Paris');
    expect(sut.from).toBe('2030-03-24T23:00:00.000Z');
    expect(sut.to).toBe('2030-03-31T22:00:00.000Z');
    expect(sut.days).toEqual(['2030-03-25', '2030-03-26', '2030-03-27', '2030-03-28', '2030-03-29', '2030-03-30', '2030-03-31']);
    expect(hours(sut)).toBe(167);
  });

  it('bounds the spring-forward week in America/New_York, a Sunday anchor belonging to the week before it', () => {
    const sut = zonedRange('week', parseLocalDate('2030-03-10'), 'America/New_York');
    expect(sut.from).toBe('2030-03-04T05:00:00.000Z');
    expect(sut.to).toBe('2030-03-11T04:00:00.000Z');
    expect(sut.days[0]).toBe('2030-03-04');
    expect(sut.days[6]).toBe('2030-03-10');
  });

  it('makes the fall-back day 25 hours long in America/New_York', () => {
    const sut = zonedRange('day', parseLocalDate('2030-11-03'), 'America/New_York');
    expect(sut).toMatchObject({ from: '2030-11-03T04:00:00.000Z', to: '2030-11-04T05:00:00.000Z', days: ['2030-11-03'] });
    expect(hours(sut)).toBe(25);
  });

  it('bounds a month across the autumn change in Europe/Paris', () => {
    const sut = zonedRange('month', parseLocalDate('2030-10-15'), 'Europe/Paris');
    expect(sut.from).toBe('2030-09-30T22:00:00.000Z');
    expect(sut.to).toBe('2030-10-31T23:00:00.000Z');
    expect(sut.days).toHaveLength(31);
    expect(hours(sut)).toBe(31 * 24 + 1);
  });

  it('bounds February of a leap year in UTC', () => {
    const sut = zonedRange('month', parseLocalDate('2032-02-01'), 'UTC');
    expect(sut).toMatchObject({ from: '2032-02-01T00:00:00.000Z', to: '2032-03-01T00:00:00.000Z' });
    expect(sut.days).toHaveLength(29);
  });
});

describe('startOfLocalDay', () => {
  it('starts a day whose midnight is skipped at the transition (America/Santiago, 2024-09-08)', () => {
    expect(startOfLocalDay(parseLocalDate('2024-09-08'), 'America/Santiago').toISOString()).toBe('2024-09-08T04:00:00.000Z');
  });

  it('starts a day after a repeated hour before midnight once the repeat is over (America/Santiago, 2024-04-07)', () => {
    expect(startOfLocalDay(parseLocalDate('2024-04-07'), 'America/Santiago').toISOString()).toBe('2024-04-07T04:00:00.000Z');
  });

  it('handles zones east of UTC with half-hour offsets', () => {
    expect(startOfLocalDay(parseLocalDate('2030-06-01'), 'Asia/Kolkata').toISOString()).toBe('2030-05-31T18:30:00.000Z');
  });
});

describe('localDateOf', () => {
  it('reads the local date of an instant in each zone', () => {
    expect(localDateOf('2030-03-31T22:30:00.000Z', 'Europe/Paris')).toBe('2030-04-01');
    expect(localDateOf('2030-03-31T22:30:00.000Z', 'America/New_York')).toBe('2030-03-31');
    expect(localDateOf('2030-03-31T21:59:59.999Z', 'Europe/Paris')).toBe('2030-03-31');
  });
});

describe('zonedClock', () => {
  it.each(['Europe/Paris', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'])(
    'agrees with localDateOf and localTimeOf around the transitions of %s',
    (timeZone) => {
      const sut = zonedClock(timeZone);
      // Every 49 min 13 s through a year: instants on both sides of every transition, on and off the hour.
      for (let ms = Date.parse('2030-01-01T00:00:00.000Z'); ms < Date.parse('2031-01-01T00:00:00.000Z'); ms += 2_953_000) {
        const instant = new Date(ms).toISOString();
        expect({ instant, ...sut(instant) }).toEqual({ instant, date: localDateOf(instant, timeZone), time: localTimeOf(instant, timeZone) });
      }
    },
  );
});

describe('input checks', () => {
  const code = (work: () => unknown): string | null => {
    try {
      work();
      return null;
    } catch (error) {
      return isHeraldError(error) ? `${error.code} ${JSON.stringify(error.details)}` : String(error);
    }
  };

  it('rejects impossible dates and unknown zones with VALIDATION.FAILED naming the field', () => {
    expect(code(() => parseLocalDate('2030-02-30'))).toBe('VALIDATION.FAILED {"field":"date"}');
    expect(code(() => parseLocalDate('2030-2-1'))).toBe('VALIDATION.FAILED {"field":"date"}');
    expect(code(() => requireTimeZone('Mars/Olympus_Mons'))).toBe('VALIDATION.FAILED {"field":"timeZone"}');
    expect(code(() => requireTimeZone('Europe/Paris'))).toBeNull();
  });
});
