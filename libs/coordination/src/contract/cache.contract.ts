import type { Cache } from '../cache/cache.port';
import type { JsonValue } from '../shared/json-value';
import { eventually, unique, type CoordinationHarness } from './contract-harness';

export function describeCacheContract(label: string, harness: CoordinationHarness): void {
  describe(`Cache contract: ${label}`, () => {
    // Every test works in a namespace of its own, so `clear()` cases cannot touch other tests.
    const cache = async (): Promise<Cache> => (await harness.replica()).cache.namespace(unique('test'));

    it('stores JSON values and hands out copies', async () => {
      const sut = await cache();
      const value = {
        title: 'Launch',
        tags: ['a', 'b'],
        metrics: { likes: 3, ratio: 0.5 },
        draft: false,
        note: null,
      };
      await sut.set('post:1', value, 60_000);
      const read = (await sut.get('post:1')) as { tags: string[] };
      expect(read).toEqual(value);
      read.tags.push('mutated');
      expect(await sut.get('post:1')).toEqual(value);
      for (const scalar of ['text', 42, true, null, [1, [2]]] as JsonValue[]) {
        await sut.set('scalar', scalar, 60_000);
        expect(await sut.get('scalar')).toEqual(scalar);
      }
    });

    it('answers undefined for a miss and deletes entries', async () => {
      const sut = await cache();
      expect(await sut.get('absent')).toBeUndefined();
      await sut.set('k', 1, 60_000);
      expect(await sut.delete('k')).toBe(true);
      expect(await sut.delete('k')).toBe(false);
      expect(await sut.get('k')).toBeUndefined();
    });

    it('forgets an entry after its TTL', async () => {
      const sut = await cache();
      await sut.set('short', 'lived', 100);
      await sut.set('long', 'lived', 60_000);
      expect(await sut.get('short')).toBe('lived');
      await eventually(
        async () => ((await sut.get('short')) === undefined ? true : undefined),
        5_000,
        'the entry to expire',
      );
      expect(await sut.get('long')).toBe('lived');
    });

    it('shares entries between replicas', async () => {
      const namespace = unique('shared');
      const [a, b] = [
        (await harness.replica()).cache.namespace(namespace),
        (await harness.replica()).cache.namespace(namespace),
      ];
      await a.set('k', { from: 'a' }, 60_000);
      expect(await b.get('k')).toEqual({ from: 'a' });
    });

    it('keeps namespaces apart, whatever the keys contain', async () => {
      const root = await cache();
      const [t1, t2] = [root.namespace('tenant-1'), root.namespace('tenant-2')];
      await t1.set('settings', 'one', 60_000);
      await t2.set('settings', 'two', 60_000);
      expect(await root.get('settings')).toBeUndefined();
      expect([await t1.get('settings'), await t2.get('settings')]).toEqual(['one', 'two']);
      // Keys that spell other namespaces' layouts must stay distinct entries.
      await t1.set('x#y', 'key with hash', 60_000);
      await t1.namespace('x').set('y', 'nested', 60_000);
      await t1.set('x/#y', 'key with slash', 60_000);
      expect([await t1.get('x#y'), await t1.namespace('x').get('y'), await t1.get('x/#y')]).toEqual([
        'key with hash',
        'nested',
        'key with slash',
      ]);
      expect(() => root.namespace('a/b')).toThrow(
        expect.objectContaining({ code: 'COORDINATION.INVALID_ARGUMENT' }),
      );
      expect(() => root.namespace('a#b')).toThrow(
        expect.objectContaining({ code: 'COORDINATION.INVALID_ARGUMENT' }),
      );
    });

    it('clears a namespace and its sub-namespaces only', async () => {
      const root = await cache();
      const [t1, t10, t2] = [root.namespace('t1'), root.namespace('t10'), root.namespace('t2')];
      await t1.set('a', 1, 60_000);
      await t1.set('b', 2, 60_000);
      await t1.namespace('drafts').set('c', 3, 60_000);
      await t10.set('a', 10, 60_000);
      await t2.set('a', 20, 60_000);
      await root.set('a', 0, 60_000);
      expect(await t1.clear()).toBe(3);
      expect([await t1.get('a'), await t1.get('b'), await t1.namespace('drafts').get('c')]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect([await t10.get('a'), await t2.get('a'), await root.get('a')]).toEqual([10, 20, 0]);
      expect(await root.clear()).toBe(3);
      expect(await t2.get('a')).toBeUndefined();
    });

    it('calls the loader once for concurrent misses and caches its value', async () => {
      const sut = await cache();
      let calls = 0;
      let finish: (value: { name: string }) => void = () => undefined;
      const loader = () => {
        calls++;
        return new Promise<{ name: string }>((resolve) => (finish = resolve));
      };
      const waiting = Promise.all(
        Array.from({ length: 20 }, () => sut.getOrLoad('account:9', 60_000, loader)),
      );
      await eventually(() => (calls > 0 ? true : undefined));
      finish({ name: 'Acme' });
      const values = await waiting;
      expect(calls).toBe(1);
      expect(values).toEqual(Array.from({ length: 20 }, () => ({ name: 'Acme' })));
      expect(await sut.getOrLoad('account:9', 60_000, loader)).toEqual({ name: 'Acme' });
      expect(calls).toBe(1);
      expect(await sut.get('account:9')).toEqual({ name: 'Acme' });
    });

    it('shares a loader failure with the waiting callers and does not cache it', async () => {
      const sut = await cache();
      let calls = 0;
      const failing = async (): Promise<string> => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('source down');
      };
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => sut.getOrLoad('flaky', 60_000, failing)),
      );
      expect(
        results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'source down'),
      ).toBe(true);
      expect(calls).toBe(1);
      expect(await sut.get('flaky')).toBeUndefined();
      expect(await sut.getOrLoad('flaky', 60_000, async () => 'recovered')).toBe('recovered');
    });

    it('reloads an entry the parser rejects', async () => {
      const sut = await cache();
      await sut.set('profile', { version: 1, name: 'old shape' }, 60_000);
      const parse = (value: JsonValue): { version: 2; displayName: string } => {
        if (
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          value.version === 2 &&
          typeof value.displayName === 'string'
        ) {
          return { version: 2, displayName: value.displayName };
        }
        throw new Error('old shape');
      };
      const loaded = await sut.getOrLoad(
        'profile',
        60_000,
        async () => ({ version: 2 as const, displayName: 'New' }),
        parse,
      );
      expect(loaded).toEqual({ version: 2, displayName: 'New' });
      expect(await sut.get('profile')).toEqual({ version: 2, displayName: 'New' });
    });

    it('refuses values that would not come back unchanged', async () => {
      const sut = await cache();
      const invalid = [
        NaN,
        Infinity,
        { when: new Date(0) },
        { nested: [undefined] },
        { f: () => 1 },
      ] as unknown as JsonValue[];
      for (const value of invalid) {
        await expect(sut.set('bad', value, 60_000)).rejects.toMatchObject({
          code: 'COORDINATION.INVALID_ARGUMENT',
        });
      }
      await expect(sut.set('', 1, 60_000)).rejects.toMatchObject({ code: 'COORDINATION.INVALID_ARGUMENT' });
      await expect(sut.set('k', 1, 0)).rejects.toMatchObject({ code: 'COORDINATION.INVALID_ARGUMENT' });
      expect(await sut.get('bad')).toBeUndefined();
    });
  });
}
