import { untilCheckpointReaches } from './read-model-catch-up';

/** A checkpoint that advances by `step` each time it is read, and a clock moved only by sleeps. */
function fakes(start: number, step: number) {
  let checkpoint = start;
  let clock = 0;
  const reads: number[] = [];
  return {
    reads,
    checkpoint: async (): Promise<number> => {
      reads.push(checkpoint);
      const current = checkpoint;
      checkpoint += step;
      return current;
    },
    sleep: async (ms: number): Promise<void> => {
      clock += ms;
    },
    now: (): number => clock,
  };
}

describe(untilCheckpointReaches.name, () => {
  const options = { timeoutMs: 100, intervalMs: 10 };

  it('answers at once when the projection is already there', async () => {
    const sut = fakes(7, 0);
    await expect(untilCheckpointReaches(sut.checkpoint, 7, options, sut.sleep, sut.now)).resolves.toBe(true);
    expect(sut.reads).toEqual([7]);
  });

  it('polls until the checkpoint reaches the position', async () => {
    const sut = fakes(1, 2);
    await expect(untilCheckpointReaches(sut.checkpoint, 6, options, sut.sleep, sut.now)).resolves.toBe(true);
    expect(sut.reads).toEqual([1, 3, 5, 7]);
  });

  it('gives up after the timeout, having looked once more at the deadline', async () => {
    const sut = fakes(0, 0);
    await expect(untilCheckpointReaches(sut.checkpoint, 1, options, sut.sleep, sut.now)).resolves.toBe(false);
    expect(sut.reads).toHaveLength(11);
  });
});
