import type { EventStore } from '@herald/event-store';
import { loadConfig } from '@herald/shared-kernel';
import { CHECK_TIMEOUT_MS, ReadinessService } from './readiness.service';

const storeAnswering = (headPosition: () => Promise<number>): EventStore =>
  ({ headPosition }) as unknown as EventStore;

describe(ReadinessService.name, () => {
  const config = loadConfig({});

  afterEach(() => jest.useRealTimers());

  it('is ready when the event store answers', async () => {
    const sut = new ReadinessService(
      config,
      storeAnswering(async () => 42),
    );
    expect(await sut.check()).toEqual({
      status: 'ok',
      checks: { config: { status: 'up' }, eventStore: { status: 'up' } },
    });
  });

  it('names the event store when it fails', async () => {
    const sut = new ReadinessService(
      config,
      storeAnswering(async () => {
        throw new Error('SQLITE_CANTOPEN');
      }),
    );
    expect(await sut.check()).toEqual({
      status: 'error',
      checks: { config: { status: 'up' }, eventStore: { status: 'down', error: 'SQLITE_CANTOPEN' } },
    });
  });

  it('fails a probe the event store does not answer in time instead of hanging', async () => {
    jest.useFakeTimers();
    const sut = new ReadinessService(
      config,
      storeAnswering(() => new Promise<number>(() => undefined)),
    );
    const pending = sut.check();
    await jest.advanceTimersByTimeAsync(CHECK_TIMEOUT_MS);
    expect((await pending).checks.eventStore).toEqual({
      status: 'down',
      error: `no answer within ${CHECK_TIMEOUT_MS} ms`,
    });
  });

  it('stops being ready once shutdown begins', async () => {
    const sut = new ReadinessService(
      config,
      storeAnswering(async () => 0),
    );
    sut.beforeApplicationShutdown();
    expect(await sut.check()).toMatchObject({
      status: 'error',
      checks: { lifecycle: { status: 'down', error: 'shutting down' } },
    });
  });
});
