import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

describe(SqliteIdempotencyStore.name, () => {
  let dir: string;
  let sut: SqliteIdempotencyStore;
  const scope = { tenantId: 'org-1', commandType: 'posts.schedule', key: 'key-1' };
  const t0 = new Date('2025-03-01T10:00:00.000Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-idem-'));
    sut = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.db') });
  });
  afterEach(async () => {
    await sut.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the first pending record when begun again, whatever the later fingerprint or instant', async () => {
    expect(await sut.begin(scope, 'fp-a', t0)).toEqual({
      fingerprint: 'fp-a',
      startedAt: t0,
      status: 'pending',
    });
    expect(await sut.begin(scope, 'fp-b', new Date(t0.getTime() + 1000))).toEqual({
      fingerprint: 'fp-a',
      startedAt: t0,
      status: 'pending',
    });
  });

  it('returns the completed result after a restart', async () => {
    await sut.begin(scope, 'fp-a', t0);
    await sut.complete(scope, { postId: 'p-1', revision: 3 });
    await sut.close();
    sut = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.db') });
    expect(await sut.begin(scope, 'fp-a', new Date())).toEqual({
      fingerprint: 'fp-a',
      startedAt: t0,
      status: 'completed',
      result: { postId: 'p-1', revision: 3 },
    });
  });

  it('scopes keys by tenant and command type', async () => {
    await sut.begin(scope, 'fp-a', t0);
    expect((await sut.begin({ ...scope, tenantId: 'org-2' }, 'fp-b', t0)).fingerprint).toBe('fp-b');
    expect((await sut.begin({ ...scope, commandType: 'posts.cancel' }, 'fp-c', t0)).fingerprint).toBe('fp-c');
    expect((await sut.begin({ ...scope, tenantId: null }, 'fp-d', t0)).fingerprint).toBe('fp-d');
  });

  it('releases pending keys but never completed ones', async () => {
    await sut.begin(scope, 'fp-a', t0);
    await sut.release(scope);
    expect((await sut.begin(scope, 'fp-b', t0)).fingerprint).toBe('fp-b');
    await sut.complete(scope, 'done');
    await sut.release(scope);
    expect(await sut.begin(scope, 'fp-c', t0)).toMatchObject({
      fingerprint: 'fp-b',
      status: 'completed',
      result: 'done',
    });
  });

  it('purges records started before an instant', async () => {
    await sut.begin(scope, 'fp-a', t0);
    await sut.begin({ ...scope, key: 'key-2' }, 'fp-b', new Date(t0.getTime() + 60_000));
    expect(await sut.purgeStartedBefore(new Date(t0.getTime() + 1))).toBe(1);
    expect((await sut.begin(scope, 'fp-new', t0)).fingerprint).toBe('fp-new');
    expect((await sut.begin({ ...scope, key: 'key-2' }, 'fp-x', t0)).fingerprint).toBe('fp-b');
  });
});
