import { isUuidV7 } from '@herald/shared-kernel';
import { deterministicEventId, deterministicIdGenerator, deterministicUuidV7 } from './deterministic-ids';

describe(deterministicUuidV7.name, () => {
  const scope = { tenantId: 'org-1', commandType: 'posts.schedule', key: 'k-1' };
  const instant = new Date('2025-03-01T10:00:00.000Z');

  it('is a valid UUIDv7 carrying the instant as its timestamp', () => {
    const id = deterministicUuidV7(scope, instant, 'event:0');
    expect(isUuidV7(id)).toBe(true);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(instant.getTime());
  });

  it('is the same for the same scope, instant and label, and differs otherwise', () => {
    const id = deterministicUuidV7(scope, instant, 'event:0');
    expect(deterministicUuidV7({ ...scope }, new Date(instant), 'event:0')).toBe(id);
    expect(deterministicUuidV7(scope, instant, 'event:1')).not.toBe(id);
    expect(deterministicUuidV7({ ...scope, key: 'k-2' }, instant, 'event:0')).not.toBe(id);
    expect(deterministicUuidV7({ ...scope, tenantId: 'org-2' }, instant, 'event:0')).not.toBe(id);
    expect(deterministicUuidV7({ ...scope, commandType: 'posts.cancel' }, instant, 'event:0')).not.toBe(id);
  });

  it('draws the same sequence of ids on every replay, distinct from event ids', () => {
    const first = deterministicIdGenerator(scope, instant);
    const second = deterministicIdGenerator(scope, instant);
    const drawn = [first.next(), first.next()];
    expect([second.next(), second.next()]).toEqual(drawn);
    expect(new Set(drawn).size).toBe(2);
    expect(drawn).not.toContain(deterministicEventId(scope, instant, 0));
  });
});
