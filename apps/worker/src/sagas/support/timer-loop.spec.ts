import { EmbeddedReadStore, type JsonObject } from '@herald/read-store';
import { FixedClock, systemClock } from '@herald/shared-kernel';
import { DurableTimers, type DurableTimer } from './durable-timers';
import { TimerLoop, type TimerOutcome } from './timer-loop';

type Payload = { name: string } & JsonObject;

describe(TimerLoop.name, () => {
  let store: EmbeddedReadStore;
  let timers: DurableTimers<Payload>;
  const loops: TimerLoop<Payload>[] = [];

  beforeEach(async () => {
    store = EmbeddedReadStore.open({ filename: ':memory:' });
    timers = new DurableTimers<Payload>(store, 'test_timers');
    await timers.init();
  });
  afterEach(async () => {
    for (const loop of loops.splice(0)) await loop.stop();
    await store.close();
  });

  const loopWith = (
    clock: FixedClock | typeof systemClock,
    handler: (timer: DurableTimer<Payload>) => Promise<TimerOutcome>,
    errors: unknown[] = [],
  ): TimerLoop<Payload> => {
    const loop = new TimerLoop(timers, handler, {
      clock,
      sweepMs: 30_000,
      concurrency: 2,
      batch: 10,
      stuckRetryMs: 5_000,
      onError: (error) => errors.push(error),
    });
    loops.push(loop);
    return loop;
  };

  it('keeps only the newest version of a timer', async () => {
    const now = new Date('2026-03-10T09:00:00.000Z');
    expect(await timers.set('a', new Date(now.getTime() + 1_000), { name: 'v2' }, 2, now)).toBe(true);
    expect(await timers.set('a', new Date(now.getTime() + 5_000), { name: 'v1' }, 1, now)).toBe(false);
    expect(await timers.set('a', new Date(now.getTime() + 5_000), { name: 'v2 again' }, 2, now)).toBe(false);
    expect(await timers.get('a')).toEqual({
      id: 'a',
      dueAt: new Date(now.getTime() + 1_000),
      version: 2,
      payload: { name: 'v2' },
    });
  });

  it('fires a timer at its instant on the real clock, after a poke re-arms a long sleep', async () => {
    const fired: number[] = [];
    const loop = loopWith(systemClock, async (timer) => {
      fired.push(Date.now() - (timer.dueAt?.getTime() ?? 0));
      await timers.set(timer.id, null, timer.payload, timer.version + 1, new Date());
      return 'done';
    });
    loop.start();
    const dueAt = new Date(Date.now() + 300);
    await timers.set('soon', dueAt, { name: 'soon' }, 1, new Date());
    loop.poke(dueAt);
    const deadline = Date.now() + 5_000;
    while (fired.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(0);
    expect(fired[0]).toBeLessThan(200);
  });

  it('waits as a handler asks, and does not spin on a timer its handler cannot move', async () => {
    const clock = new FixedClock(new Date('2026-03-10T09:00:00.000Z'));
    const calls: string[] = [];
    const loop = loopWith(clock, async (timer) => {
      calls.push(timer.id);
      return timer.id === 'later' ? { retryInMs: 10_000 } : 'done';
    });
    await timers.set('later', clock.now(), { name: 'later' }, 1, clock.now());
    await timers.set('stuck', clock.now(), { name: 'stuck' }, 1, clock.now());
    expect(await loop.runDue()).toBe(2);
    expect(await loop.runDue()).toBe(0);
    clock.advance(5_000);
    expect(await loop.runDue()).toBe(1);
    expect(calls).toEqual(['later', 'stuck', 'stuck']);
    clock.advance(5_000);
    await loop.runDue();
    expect(calls.filter((id) => id === 'later')).toHaveLength(2);
  });

  it('reports a failing handler and tries it again later, not at once', async () => {
    const clock = new FixedClock(new Date('2026-03-10T09:00:00.000Z'));
    const errors: unknown[] = [];
    let calls = 0;
    const loop = loopWith(
      clock,
      async () => {
        calls += 1;
        throw new Error('boom');
      },
      errors,
    );
    await timers.set('x', clock.now(), { name: 'x' }, 1, clock.now());
    await loop.runDue();
    await loop.runDue();
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
    clock.advance(5_000);
    await loop.runDue();
    expect(calls).toBe(2);
  });
});
