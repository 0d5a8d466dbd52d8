import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { isHeraldError } from '@herald/shared-kernel';
import { captureLogs } from '../../../test/e2e/support/log-capture';
import { startWorker } from './worker.bootstrap';

describe(startWorker.name, () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'herald-worker-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts without HTTP on the configured event store, logs JSON, and closes the store on shutdown', async () => {
    const { destination, lines } = captureLogs();
    const sut = await startWorker({ HERALD_DATA_DIR: dataDir }, destination);
    const store = sut.get<EventStore>(EVENT_STORE);
    expect(await store.headPosition()).toBe(0);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'herald-worker', msg: 'worker started (embedded mode)' }),
      ]),
    );

    await sut.close();
    await expect(store.headPosition()).rejects.toMatchObject({ code: 'EVENT_STORE.CLOSED' });
  });

  it('refuses an invalid configuration before opening anything', async () => {
    const error = await startWorker({ HERALD_DATA_DIR: path.join(dataDir, 'never'), CACHE: 'redis' }).catch(
      (e: unknown) => e,
    );
    expect(isHeraldError(error, 'CONFIG.INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/REDIS_URL is required when CACHE=redis/);
  });
});
