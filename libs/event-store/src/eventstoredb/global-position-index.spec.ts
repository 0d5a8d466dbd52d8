import {
  GlobalPositionIndex,
  comparePositions,
  type LogEntry,
  type LogPosition,
} from './global-position-index';

/** A log of Herald events interleaved with system records, at byte-offset positions. */
function fakeLog() {
  const entries: LogEntry[] = [];
  let commit = 100n;
  let reads = 0;
  const add = (herald: boolean, id = `e${entries.length}`) => {
    commit += 37n + BigInt(entries.length % 5);
    entries.push({
      position: { commit, prepare: commit },
      event: herald ? { id, streamName: `s-${id}`, revision: 0 } : undefined,
    });
    return entries[entries.length - 1].position;
  };
  const reader = async (after: LogPosition | null, maxCount: number) => {
    reads += 1;
    return entries
      .filter((entry) => after === null || comparePositions(entry.position, after) > 0)
      .slice(0, maxCount);
  };
  return { add, reader, reads: () => reads };
}

describe(GlobalPositionIndex.name, () => {
  it('numbers Herald events 1, 2, 3… skipping system records, across pages', async () => {
    const log = fakeLog();
    const positions: LogPosition[] = [];
    for (let i = 0; i < 25; i += 1) {
      if (i % 3 === 0) log.add(false);
      positions.push(log.add(true));
    }
    const sut = new GlobalPositionIndex(log.reader, 4);
    expect(await sut.head()).toBe(25);
    for (const [index, position] of positions.entries()) {
      expect(await sut.ordinalOf(position)).toBe(index + 1);
      expect(await sut.positionOf(index + 1)).toEqual(position);
    }
  });

  it('reads only the tail once built, and picks up events appended later', async () => {
    const log = fakeLog();
    log.add(true);
    const sut = new GlobalPositionIndex(log.reader, 10);
    expect(await sut.head()).toBe(1);
    const readsAfterBuild = log.reads();
    const later = log.add(true);
    expect(await sut.ordinalOf(later)).toBe(2);
    expect(log.reads()).toBe(readsAfterBuild + 1);
    expect(await sut.ordinalOf(later)).toBe(2);
    expect(log.reads()).toBe(readsAfterBuild + 1);
  });

  it('answers null for a position beyond the log and refuses non-positions', async () => {
    const log = fakeLog();
    log.add(true);
    const sut = new GlobalPositionIndex(log.reader);
    expect(await sut.positionOf(2)).toBeNull();
    await expect(sut.positionOf(0)).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
    expect(await new GlobalPositionIndex(fakeLog().reader).head()).toBe(0);
    expect(await new GlobalPositionIndex(fakeLog().reader).headPosition()).toBeNull();
  });

  it('refuses to number a log position that is not a Herald event', async () => {
    const log = fakeLog();
    log.add(true);
    const system = log.add(false);
    const sut = new GlobalPositionIndex(log.reader);
    await expect(sut.ordinalOf(system)).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('shares one scan between concurrent callers', async () => {
    const log = fakeLog();
    for (let i = 0; i < 5; i += 1) log.add(true);
    const sut = new GlobalPositionIndex(log.reader, 100);
    expect(await Promise.all([sut.head(), sut.head(), sut.head()])).toEqual([5, 5, 5]);
    expect(log.reads()).toBe(1);
  });

  it('scans again when the scan it joined started before the event it looks for was committed', async () => {
    const log = fakeLog();
    log.add(true);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    const sut = new GlobalPositionIndex(async (after, maxCount) => {
      const page = await log.reader(after, maxCount);
      if (first) {
        first = false;
        await gate;
      }
      return page;
    });
    const stale = sut.head();
    const late = log.add(true);
    const lookup = sut.ordinalOf(late);
    release();
    expect(await stale).toBe(1);
    expect(await lookup).toBe(2);
  });

  it('locates recent event ids within a bounded window', async () => {
    const log = fakeLog();
    for (let i = 0; i < 6; i += 1) log.add(true, `id-${i}`);
    const sut = new GlobalPositionIndex(log.reader, 100, 3);
    await sut.refresh();
    expect(sut.locate('id-5')).toEqual({ streamName: 's-id-5', revision: 0, globalPosition: 6 });
    expect(sut.locate('id-3')).toEqual({ streamName: 's-id-3', revision: 0, globalPosition: 4 });
    expect(sut.locate('id-2')).toBeUndefined();
  });

  it('grows past its initial capacity', async () => {
    const log = fakeLog();
    for (let i = 0; i < 3000; i += 1) log.add(true);
    const sut = new GlobalPositionIndex(log.reader, 1000);
    expect(await sut.head()).toBe(3000);
    expect(await sut.ordinalOf((await sut.positionOf(2500)) as LogPosition)).toBe(2500);
  });
});
