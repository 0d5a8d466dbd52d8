import {
  DATA_JSON_BYTES,
  makeEvent,
  planWorkload,
  runWriters,
  StreamPlan,
  type AppendTarget,
  type BenchEvent,
} from './workload';

/** Checks expected revisions the way a store would, and records who wrote where. */
class RecordingTarget implements AppendTarget {
  readonly heads = new Map<string, number>();
  readonly writersByStream = new Map<string, Set<string>>();
  appends = 0;

  async append(event: BenchEvent, lastRevision: number | null): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const actual = this.heads.get(event.streamId) ?? null;
    if (actual !== lastRevision)
      throw new Error(`conflict on ${event.streamId}: expected ${lastRevision}, actual ${actual}`);
    this.heads.set(event.streamId, (actual ?? -1) + 1);
    this.appends += 1;
  }

  async close(): Promise<void> {}
}

describe(StreamPlan.name, () => {
  it('deals every stream to exactly one writer and tracks its last revision', () => {
    const sut = new StreamPlan(6, 3);
    const seen = new Map<string, number>();

    for (let round = 0; round < 4; round += 1) {
      for (let writer = 0; writer < 3; writer += 1) {
        const next = sut.next(writer);
        const owner = seen.get(next.streamId) ?? writer;
        expect(owner).toBe(writer);
        seen.set(next.streamId, writer);
        expect(next.lastRevision).toBe(round < 2 ? null : 0);
        sut.appended(next.streamIndex);
      }
    }
    expect(seen.size).toBe(6);
  });

  it('needs a stream per writer', () => {
    expect(() => new StreamPlan(2, 3)).toThrow('at least one stream per writer');
  });
});

describe(planWorkload.name, () => {
  it('gives each writer streams of its own, with the revision each append expects', () => {
    const sut = planWorkload(6, 3, 4);

    expect(sut.map((appends) => appends.length)).toEqual([4, 4, 4]);
    const owners = new Map<string, number>();
    sut.forEach((appends, writer) => {
      for (const { event } of appends) {
        expect(owners.get(event.streamId) ?? writer).toBe(writer);
        owners.set(event.streamId, writer);
      }
      expect(appends.map((append) => append.lastRevision)).toEqual([null, null, 0, 0]);
    });
    expect(owners.size).toBe(6);
  });
});

describe(runWriters.name, () => {
  it('appends every planned event with exact expected revisions across concurrent writers', async () => {
    const target = new RecordingTarget();

    const sut = await runWriters(target, planWorkload(10, 4, 7));

    expect(sut.appends).toBe(28);
    expect(target.appends).toBe(28);
    expect([...target.heads.values()].reduce((sum, head) => sum + head + 1, 0)).toBe(28);
    expect(sut.appendsPerSecond).toBeGreaterThan(0);
  });

  it('fails the run when an append fails, once the other writers have stopped', async () => {
    const workload = planWorkload(4, 2, 3);
    const target = new RecordingTarget();
    const append = target.append.bind(target);
    target.append = async (event, lastRevision) => {
      if (event.streamId === workload[0][0].event.streamId) throw new Error('disk full');
      return append(event, lastRevision);
    };

    await expect(runWriters(target, workload)).rejects.toThrow('disk full');
    expect(target.appends).toBe(3);
  });
});

describe(makeEvent.name, () => {
  it('gives every contender the same data size and envelope-like metadata', () => {
    const sut = makeEvent('post-0190a5e4-0000-7000-8000-000000000000', 'tenant');

    expect(JSON.stringify(sut.data)).toHaveLength(DATA_JSON_BYTES);
    expect(sut.metadata).toEqual({
      tenantId: 'tenant',
      actor: { kind: 'user', id: expect.any(String) },
      correlationId: expect.any(String),
      causationId: expect.any(String),
      subjectIds: [sut.metadata.actor.id],
    });
  });
});
