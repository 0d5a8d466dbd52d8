import { isHeraldError } from '@herald/shared-kernel';
import type { RecordedEvent } from '../envelope/envelope';
import { UpcasterRegistry } from './upcaster-registry';

const recorded = (type: string, schemaVersion: number, data: unknown): RecordedEvent => ({
  id: 'e-1',
  type,
  schemaVersion,
  streamId: 'post-1',
  revision: 4,
  globalPosition: 9,
  occurredAt: '2030-01-01T00:00:00.000Z',
  data,
  metadata: { tenantId: null, actor: { kind: 'system', id: 's' }, correlationId: 'c', causationId: null, subjectIds: [], prevHash: 'p', hash: 'h' },
  personalFields: [],
});

describe(UpcasterRegistry.name, () => {
  const sut = () =>
    new UpcasterRegistry().register(
      { type: 'post.scheduled', fromVersion: 2, upcast: (data) => ({ ...(data as object), v3: true }) },
      { type: 'post.scheduled', fromVersion: 1, upcast: (data, event) => ({ ...(data as object), v2: event.revision }) },
    );

  it('chains upcasters registered in any order up to the current version, leaving the envelope intact', () => {
    const registry = sut();
    expect(registry.currentVersion('post.scheduled')).toBe(3);
    expect(registry.currentVersion('post.drafted')).toBeUndefined();
    const upcast = registry.upcast(recorded('post.scheduled', 1, { a: 1 }));
    expect(upcast).toEqual({ ...recorded('post.scheduled', 3, { a: 1, v2: 4, v3: true }) });
  });

  it('returns events of unknown types and current versions as they are', () => {
    const registry = sut();
    const current = recorded('post.scheduled', 3, { a: 1 });
    expect(registry.upcast(current)).toBe(current);
    const other = recorded('post.drafted', 1, {});
    expect(registry.upcast(other)).toBe(other);
  });

  it('refuses two upcasters for the same link and invalid versions', () => {
    expect(() => sut().register({ type: 'post.scheduled', fromVersion: 1, upcast: (data) => data })).toThrow('two upcasters');
    let error: unknown;
    try {
      new UpcasterRegistry().register({ type: 'x', fromVersion: 0, upcast: (data) => data });
    } catch (caught) {
      error = caught;
    }
    expect(isHeraldError(error, 'VALIDATION.FAILED')).toBe(true);
  });
});
