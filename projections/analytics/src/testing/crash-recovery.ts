import { ProjectionRunner, type ProjectionDefinition, type ProjectionLog } from '@herald/projections-runtime';
import type { AnyDocument } from '@herald/read-store';
import { ProjectionTestBed } from '@herald/projections/support';
import { DyingReadStore } from './dying-read-store';

type Snapshot = Record<string, AnyDocument[]>;

const silent: ProjectionLog = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Runs the projection on a store that dies after `writes` writes; resolves false when it never died. */
async function runUntilDeath(
  bed: ProjectionTestBed,
  definition: ProjectionDefinition,
  writes: number,
): Promise<boolean> {
  const dying = new DyingReadStore(bed.readStore, writes);
  const runner = new ProjectionRunner({
    eventStore: bed.eventStore,
    readStore: dying,
    definitions: [definition],
    batchSize: 4,
    idleMs: 20,
    reconcileIntervalMs: 50,
    backoff: { initialMs: 5, maxMs: 20 },
    log: silent,
  });
  try {
    const finished = runner.start().then(() => runner.whenCaughtUp(undefined, { timeoutMs: 15_000 }));
    return (
      (await Promise.race([
        dying.died.then(() => 'died' as const),
        finished.then(() => 'finished' as const),
      ])) === 'died'
    );
  } finally {
    await runner.stop();
  }
}

export interface CrashSweep {
  /** Documents of an uninterrupted run. */
  readonly expected: Snapshot;
  /** One entry per crash point: the write count it died after, and the documents after recovery. */
  readonly recovered: { writes: number; documents: Snapshot }[];
}

/**
 * Crashes the projection after 0, 1, 2, … writes on a store without atomic batches, lets a
 * normal runner resume from the stored checkpoint each time, and returns what every recovery
 * ended with beside an uninterrupted run, for a spec to compare. `normalize` removes what
 * differs between two logs with the same events (event ids are random).
 */
export async function crashAtEveryWrite(
  definition: ProjectionDefinition,
  seed: (bed: ProjectionTestBed) => Promise<void>,
  normalize: (snapshot: Snapshot) => Snapshot = (snapshot) => snapshot,
): Promise<CrashSweep> {
  const reference = await ProjectionTestBed.open([definition]);
  let expected: Snapshot;
  try {
    await seed(reference);
    await reference.start();
    await reference.caughtUp();
    expected = normalize(await reference.snapshot());
  } finally {
    await reference.close();
  }
  const recovered: CrashSweep['recovered'] = [];
  for (let writes = 0; ; writes += 1) {
    const bed = await ProjectionTestBed.open([definition]);
    try {
      await seed(bed);
      if (!(await runUntilDeath(bed, definition, writes))) break;
      await bed.start();
      await bed.caughtUp();
      recovered.push({ writes, documents: normalize(await bed.snapshot()) });
    } finally {
      await bed.close();
    }
  }
  return { expected, recovered };
}
