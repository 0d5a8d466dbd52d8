import type { RecordedEvent } from '@herald/event-store';
import { cloudEventPersonalFields, parseCloudEvent, toCloudEvent } from './cloud-event';
import { assertPersonalFieldsEncrypted } from './personal-data-guard';

const encrypted = { $enc: 'aes-256-gcm/v1', subjectId: 'user-1', iv: 'AAAA', tag: 'BBBB', ct: 'CCCC' };

const recorded = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: '01900000-0000-7000-8000-000000000001',
  type: 'user.registered',
  schemaVersion: 2,
  streamId: 'user-1',
  revision: 0,
  globalPosition: 42,
  occurredAt: '2030-01-01T00:00:00.000Z',
  data: { userId: '1', profile: { email: encrypted } },
  metadata: {
    tenantId: null,
    actor: { kind: 'system', id: 'signup' },
    correlationId: 'c-1',
    causationId: 'cause-1',
    ip: '198.51.100.7',
    userAgent: 'curl',
    requestId: 'req-zz9',
    subjectIds: ['user-1'],
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
  },
  personalFields: [{ path: 'profile.email', subjectId: 'user-1' }],
  ...overrides,
});

describe(toCloudEvent.name, () => {
  it('round-trips through parseCloudEvent with the envelope as extension attributes', () => {
    const event = toCloudEvent(recorded());
    const parsed = parseCloudEvent(JSON.stringify(event));
    expect(parsed).toEqual(event);
    expect(parsed).toMatchObject({
      source: '/herald/user',
      subject: 'user-1',
      causationid: 'cause-1',
      globalposition: 42,
      schemaversion: 2,
    });
    expect(parsed).not.toHaveProperty('tenantid');
    expect(cloudEventPersonalFields(parsed)).toEqual([{ path: 'profile.email', subjectId: 'user-1' }]);
    for (const leaked of ['198.51.100.7', 'curl', 'req-zz9'])
      expect(JSON.stringify(parsed)).not.toContain(leaked);
  });
});

describe(parseCloudEvent.name, () => {
  const valid = () => JSON.parse(JSON.stringify(toCloudEvent(recorded()))) as Record<string, unknown>;

  it.each([
    ['not JSON', () => '{'],
    ['an array', () => '[]'],
    ['another specversion', () => JSON.stringify({ ...valid(), specversion: '0.3' })],
    ['no id', () => JSON.stringify({ ...valid(), id: undefined })],
    ['a string position', () => JSON.stringify({ ...valid(), globalposition: '42' })],
    ['a bad time', () => JSON.stringify({ ...valid(), time: 'yesterday' })],
    ['no data', () => JSON.stringify({ ...valid(), data: undefined })],
    ['a numeric tenant', () => JSON.stringify({ ...valid(), tenantid: 7 })],
  ])('rejects %s as MESSAGING.INVALID_CLOUD_EVENT', (_, value) => {
    expect(() => parseCloudEvent(value())).toThrow(
      expect.objectContaining({ code: 'MESSAGING.INVALID_CLOUD_EVENT' }),
    );
  });

  it('rejects malformed personal fields', () => {
    const event = parseCloudEvent(JSON.stringify({ ...valid(), personalfields: '[{"path":1}]' }));
    expect(() => cloudEventPersonalFields(event)).toThrow(
      expect.objectContaining({ code: 'MESSAGING.INVALID_CLOUD_EVENT' }),
    );
  });
});

describe(assertPersonalFieldsEncrypted.name, () => {
  it('accepts encrypted personal fields', () => {
    expect(() => assertPersonalFieldsEncrypted(recorded())).not.toThrow();
  });

  it('refuses a personal field in plaintext, naming the event and path but not the value', () => {
    const event = recorded({ data: { userId: '1', profile: { email: 'ada@example.com' } } });
    let thrown: unknown;
    try {
      assertPersonalFieldsEncrypted(event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'MESSAGING.PLAINTEXT_PERSONAL_DATA',
      details: { eventId: event.id, path: 'profile.email' },
    });
    expect(JSON.stringify(thrown) + String(thrown)).not.toContain('ada@example.com');
  });
});
