import { isEncryptedValue, type SqliteEventStore } from '@herald/event-store';
import { HeraldError } from '@herald/shared-kernel';
import { until } from '../contract/until';
import { InProcessMessageBus } from '../in-process/in-process-message-bus';
import type { TopicMessages } from '../message-bus.port';
import { cloudEventPersonalFields } from './cloud-event';
import { EventRelay } from './event-relay';
import { newEvent, openRelayStores, RelayedInbox } from './test-support/relay-fixture';

/** A bus whose broker can be taken down and whose publishes can be held, to watch the checkpoint. */
class ControlledBus extends InProcessMessageBus {
  down = false;
  publishes = 0;
  private gate: Promise<void> | null = null;
  private openGate: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.gate = null;
    this.openGate();
  }

  override async publish(batch: readonly TopicMessages[]): Promise<void> {
    this.publishes += 1;
    if (this.gate !== null) await this.gate;
    if (this.down) throw new HeraldError('MESSAGING.UNAVAILABLE', 'broker down');
    return super.publish(batch);
  }
}

describe(EventRelay.name, () => {
  let stores: Awaited<ReturnType<typeof openRelayStores>>;
  let bus: ControlledBus;
  let inbox: RelayedInbox;
  const relays: EventRelay[] = [];

  const startRelay = async (
    store: SqliteEventStore = stores.relayStore,
    options: Partial<ConstructorParameters<typeof EventRelay>[0]> = {},
  ) => {
    const relay = new EventRelay({
      store,
      bus,
      maxBatch: 20,
      backoff: { initialMs: 5, maxMs: 20 },
      ...options,
    });
    relays.push(relay);
    await relay.start();
    return relay;
  };

  beforeEach(async () => {
    stores = await openRelayStores();
    bus = new ControlledBus();
    inbox = new RelayedInbox();
    await inbox.start(bus, 'spec-consumer');
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await inbox.stop();
    await bus.close();
    await stores.cleanup();
  });

  it('publishes each mapped category to its topic as a CloudEvent keyed by stream id, in order', async () => {
    await stores.app.append(
      'post-p1',
      [
        newEvent('post.drafted', { postId: 'p1' }),
        newEvent('post.scheduled', { at: '2030-01-01T00:00:00Z' }),
      ],
      { expectedRevision: 'no_stream' },
    );
    await stores.app.append(
      'organization-o1',
      [newEvent('organization.created', { organizationId: 'o1', name: 'Acme' })],
      { expectedRevision: 'no_stream' },
    );
    await stores.app.append('lease-l1', [newEvent('lease.taken', { owner: 'w1' })], {
      expectedRevision: 'no_stream',
    });
    await stores.app.append('user-u1', [newEvent('user.emailVerified', { userId: 'u1' }, [], null)], {
      expectedRevision: 'no_stream',
    });
    const relay = await startRelay();

    await until(
      () => inbox.events.size >= 4 && relay.status().checkpoint === 5,
      'four events relayed and checkpointed',
    );
    const byType = new Map([...inbox.events.values()].map((event) => [event.type, event]));
    expect([...byType.keys()].sort()).toEqual([
      'organization.created',
      'post.drafted',
      'post.scheduled',
      'user.emailVerified',
    ]);
    const topicOf = new Map(inbox.deliveries.map((delivered) => [delivered.key, delivered.topic]));
    expect(Object.fromEntries(topicOf)).toEqual({
      'post-p1': 'herald.posts.v1',
      'organization-o1': 'herald.organizations.v1',
      'user-u1': 'herald.identity.v1',
    });
    const [stored] = await stores.relayStore.readStream('post-p1', { maxCount: 1 });
    expect(byType.get('post.drafted')).toEqual({
      specversion: '1.0',
      id: stored.id,
      source: '/herald/post',
      type: 'post.drafted',
      subject: 'post-p1',
      time: stored.occurredAt,
      datacontenttype: 'application/json',
      tenantid: 'org-1',
      correlationid: stored.metadata.correlationId,
      actorkind: 'user',
      actorid: 'user-actor',
      globalposition: 1,
      streamrevision: 0,
      schemaversion: 1,
      prevhash: stored.metadata.prevHash,
      hash: stored.metadata.hash,
      data: { postId: 'p1' },
    });
    expect(byType.get('user.emailVerified')).not.toHaveProperty('tenantid');
    expect(inbox.deliveries[0].headers).toMatchObject({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
      ce_id: stored.id,
    });
    expect(inbox.outOfOrder()).toEqual([]);
  });

  it('keeps personal fields encrypted on the wire and leaves request ip and user agent home', async () => {
    const personal = [
      { path: 'email', subjectId: 'user-u9' },
      { path: 'name', subjectId: 'user-u9' },
    ];
    await stores.app.append(
      'user-u9',
      [
        newEvent(
          'user.registered',
          { userId: 'u9', email: 'ada@example.com', name: 'Ada Lovelace', passwordHash: 'x' },
          personal,
          null,
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    await startRelay();

    await until(() => inbox.events.size === 1, 'the event was relayed');
    const [wire] = inbox.deliveries.map((delivered) => delivered.value);
    for (const secret of ['ada@example.com', 'Ada Lovelace', '203.0.113.9', 'Mozilla'])
      expect(wire).not.toContain(secret);
    const [event] = inbox.events.values();
    const data = event.data as Record<string, unknown>;
    expect(isEncryptedValue(data.email)).toBe(true);
    expect(isEncryptedValue(data.name)).toBe(true);
    expect(cloudEventPersonalFields(event)).toEqual(personal);
    expect(JSON.parse(event.subjectids ?? '[]')).toEqual(['user-u9']);
  });

  it('stops instead of publishing when its store hands it decrypted personal data', async () => {
    await stores.app.append('post-p1', [newEvent('post.drafted', { postId: 'p1' })], {
      expectedRevision: 'no_stream',
    });
    await stores.app.append(
      'user-u9',
      [
        newEvent(
          'user.registered',
          { userId: 'u9', email: 'ada@example.com' },
          [{ path: 'email', subjectId: 'user-u9' }],
          null,
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    const failures: unknown[] = [];
    // The application's store decrypts on read: exactly the miswiring the guard exists for.
    const relay = await startRelay(stores.app, { onFatal: (error) => failures.push(error) });

    await until(() => failures.length === 1, 'the relay reported the plaintext');
    expect(failures[0]).toMatchObject({
      code: 'MESSAGING.PLAINTEXT_PERSONAL_DATA',
      details: { streamId: 'user-u9', path: 'email' },
    });
    expect(relay.status()).toMatchObject({ running: false });
    expect(inbox.deliveries.map((delivered) => delivered.value).join('\n')).not.toContain('ada@example.com');
    expect((await stores.relayStore.checkpoints.load('kafka-relay')) ?? 0).toBeLessThan(2);
  });

  it('moves its checkpoint only after the broker acknowledged, and retries a down broker without losing order', async () => {
    bus.down = true;
    for (let i = 0; i < 3; i += 1) {
      await stores.app.append(
        `post-p${i}`,
        [newEvent('post.drafted', { i }), newEvent('post.edited', { i })],
        { expectedRevision: 'no_stream' },
      );
    }
    const retries: unknown[] = [];
    const relay = await startRelay(stores.relayStore, { onRetry: (error) => retries.push(error) });
    await until(() => retries.length >= 3, 'the relay retried the failing publish');
    expect(await stores.relayStore.checkpoints.load('kafka-relay')).toBeNull();
    expect(inbox.events.size).toBe(0);

    bus.hold();
    bus.down = false;
    const publishesBefore = bus.publishes;
    await until(() => bus.publishes > publishesBefore, 'a publish is in flight');
    expect(relay.status().checkpoint).toBe(0);
    expect(await stores.relayStore.checkpoints.load('kafka-relay')).toBeNull();
    bus.release();

    await until(() => relay.status().checkpoint === 6, 'all six events acknowledged');
    expect(await stores.relayStore.checkpoints.load('kafka-relay')).toBe(6);
    await until(() => inbox.events.size === 6, 'the consumer saw six events');
    expect(inbox.outOfOrder()).toEqual([]);
  });

  it('resumes from its checkpoint after a restart: every event, in order per stream', async () => {
    const append = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += 1) {
        await stores.app.append(`post-s${i % 5}`, [newEvent('post.edited', { i })], {
          expectedRevision: 'any',
        });
      }
    };
    await append(0, 50);
    const first = await startRelay();
    await until(() => first.status().checkpoint === 50, 'the first relay caught up');
    await first.stop();
    await append(50, 50);
    const second = await startRelay();
    await until(() => second.status().checkpoint === 100, 'the second relay caught up');
    await until(() => inbox.events.size === 100, 'the consumer saw 100 events');
    expect(inbox.outOfOrder()).toEqual([]);
    expect([...inbox.revisionsByStream.values()].map((revisions) => revisions.length)).toEqual([
      20, 20, 20, 20, 20,
    ]);
  });
});
