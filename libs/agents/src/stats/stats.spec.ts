import { detectAnomalies } from './anomalies';
import { suggestHashtags } from './hashtag-suggester';
import { crisisSignals, scoreSentiment } from './lexicon-sentiment';
import { nextSlots } from './next-slots';

describe(scoreSentiment.name, () => {
  it('scores praise positive, complaints negative, and flips negated words', () => {
    expect(scoreSentiment('I love it, amazing service!').label).toBe('positive');
    expect(scoreSentiment('Terrible, the worst app ever').label).toBe('negative');
    expect(scoreSentiment('The delivery was not good').label).toBe('negative');
    expect(scoreSentiment('Not bad at all').label).toBe('positive');
    expect(scoreSentiment('The store opens at nine').label).toBe('neutral');
    expect(scoreSentiment('Is this a SCAM? Possible data breach').crisisTerms).toEqual(['breach', 'scam']);
  });

  it('stays within [-1, 1] however long the text', () => {
    const score = scoreSentiment('terrible '.repeat(500)).score;
    expect(score).toBeGreaterThanOrEqual(-1);
    expect(score).toBeLessThan(-0.99);
  });
});

describe(crisisSignals.name, () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 8, minute)).toISOString();
  it('reports no crisis for a calm, mostly positive stream', () => {
    const signals = crisisSignals([
      { id: '1', text: 'Great launch!', at: at(0), authorId: null },
      { id: '2', text: 'Love it', at: at(10), authorId: null },
      { id: '3', text: 'A bit slow today', at: at(20), authorId: null },
    ]);
    expect(signals).toMatchObject({ severity: 'none', negative: 1, positive: 2, reasons: [] });
  });

  it('escalates with accelerating negative mentions and recurring crisis terms', () => {
    const mentions = [
      { id: 'a', text: 'Nice shop', at: at(0), authorId: null },
      ...Array.from({ length: 8 }, (_, index) => ({
        id: `n${index}`,
        text: 'This is a scam, unsafe product, terrible',
        at: at(50 + index),
        authorId: `c${index}`,
      })),
    ];
    const signals = crisisSignals(mentions);
    expect(signals.severity).toBe('critical');
    expect(signals.acceleration).toBeGreaterThanOrEqual(3);
    expect(signals.mostNegative).toHaveLength(5);
  });
});

describe(suggestHashtags.name, () => {
  const history = [
    { text: 'Spring picnic in the park', hashtags: ['picnic', 'Spring'], engagementRate: 0.09 },
    { text: 'Picnic basket restock', hashtags: ['#picnic', 'restock'], engagementRate: 0.03 },
    { text: 'Black friday deals', hashtags: ['deals'], engagementRate: 0.02 },
  ];

  it('suggests only tags the organization used, weighted by topic similarity and results', () => {
    const tags = suggestHashtags('picnic in spring', history);
    expect(tags.map((tag) => tag.tag)).toEqual(['#picnic', '#spring', '#restock']);
    expect(tags[0]).toMatchObject({ uses: 2, basis: 'topic', averageEngagementRate: 0.06 });
  });

  it('falls back to the best tags overall when nothing matches the topic, and to none without history', () => {
    expect(suggestHashtags('quantum computing', history)[0]).toMatchObject({
      tag: '#picnic',
      basis: 'overall',
    });
    expect(suggestHashtags('anything', [])).toEqual([]);
  });
});

describe(detectAnomalies.name, () => {
  const series = (values: number[]) =>
    values.map((value, index) => ({ date: `2026-03-${String(index + 1).padStart(2, '0')}`, value }));

  it('flags a spike and a drop against the trailing window, not ordinary noise', () => {
    const anomalies = detectAnomalies('impressions', series([100, 104, 98, 101, 99, 103, 400, 102, 100, 5]));
    expect(anomalies.map((a) => [a.date, a.direction])).toEqual([
      ['2026-03-07', 'spike'],
      ['2026-03-10', 'drop'],
    ]);
    expect(detectAnomalies('impressions', series([100, 104, 98, 101, 99, 103, 97, 102]))).toEqual([]);
  });

  it('needs a baseline before judging, and handles a flat one', () => {
    expect(detectAnomalies('x', series([1, 1000]))).toEqual([]);
    expect(detectAnomalies('x', series([50, 50, 50, 50, 50, 50, 120]))).toEqual([
      expect.objectContaining({ direction: 'spike', expected: 50 }),
    ]);
  });
});

describe(nextSlots.name, () => {
  it('finds the next wall-clock hour in the zone, across a DST change', () => {
    // Europe/Paris moves to summer time on 2026-03-29: Monday 09:00 is 08:00Z before, 07:00Z after.
    const before = nextSlots(
      [{ weekday: 1, hour: 9, samples: 3, averageEngagementRate: 0.1 }],
      'Europe/Paris',
      new Date('2026-03-20T12:00:00Z'),
      1,
    );
    const after = nextSlots(
      [{ weekday: 1, hour: 9, samples: 3, averageEngagementRate: 0.1 }],
      'Europe/Paris',
      new Date('2026-03-27T12:00:00Z'),
      1,
    );
    expect(before.map((slot) => slot.at)).toEqual(['2026-03-23T08:00:00.000Z']);
    expect(after.map((slot) => slot.at)).toEqual(['2026-03-30T07:00:00.000Z']);
  });

  it("works in half-hour zones and keeps the cells' order", () => {
    const slots = nextSlots(
      [
        { weekday: 5, hour: 20, samples: 9, averageEngagementRate: 0.2 },
        { weekday: 3, hour: 8, samples: 4, averageEngagementRate: 0.1 },
      ],
      'Asia/Kolkata',
      new Date('2026-03-10T00:00:00Z'),
      2,
    );
    expect(slots.map((slot) => [slot.at, slot.local])).toEqual([
      ['2026-03-13T14:30:00.000Z', 'Fri 20:00'],
      ['2026-03-11T02:30:00.000Z', 'Wed 08:00'],
    ]);
  });

  it('leaves at least the lead time before a slot', () => {
    const slots = nextSlots(
      [{ weekday: 2, hour: 9, samples: 3, averageEngagementRate: 0.1 }],
      'UTC',
      new Date('2026-03-10T08:50:00Z'),
      1,
    );
    expect(slots[0].at).toBe('2026-03-17T09:00:00.000Z');
  });
});
