import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AesGcmPersonalDataProtector,
  SqliteEventStore,
  SqliteKeyVault,
  type NewEvent,
} from '@herald/event-store';
import { uuidV7Generator } from '@herald/shared-kernel';
import type { ConsumerHandle, DeliveredMessage, MessageBus } from '../../message-bus.port';
import { CATEGORY_TOPICS } from '../category-topics';
import { parseCloudEvent, type HeraldCloudEvent } from '../cloud-event';

/**
 * The application's store (encrypts personal fields on append, decrypts on read) and the
 * relay's store on the same file, opened without a protector as production wires it.
 */
export async function openRelayStores(): Promise<{
  dir: string;
  file: string;
  app: SqliteEventStore;
  relayStore: SqliteEventStore;
  cleanup: () => Promise<void>;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-relay-'));
  const file = path.join(dir, 'events.sqlite');
  const vault = new SqliteKeyVault({ filename: path.join(dir, 'vault.sqlite'), masterKey: randomBytes(32) });
  const app = await SqliteEventStore.open({
    path: file,
    protector: new AesGcmPersonalDataProtector(vault),
    synchronous: 'NORMAL',
  });
  const relayStore = await SqliteEventStore.open({ path: file, pollIntervalMs: 20, synchronous: 'NORMAL' });
  return {
    dir,
    file,
    app,
    relayStore,
    cleanup: async () => {
      await relayStore.close();
      await app.close();
      await vault.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function newEvent(
  type: string,
  data: Record<string, unknown>,
  personal: { path: string; subjectId: string }[] = [],
  tenantId: string | null = 'org-1',
): NewEvent {
  return {
    id: uuidV7Generator.next(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      tenantId,
      actor: { kind: 'user', id: 'user-actor' },
      correlationId: uuidV7Generator.next(),
      causationId: null,
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0 (private)',
      subjectIds: [...new Set(personal.map((field) => field.subjectId))],
    },
    personalFields: personal,
  };
}

/** Reads every relay topic as a consumer must: idempotent by CloudEvent id, order checked per key. */
export class RelayedInbox {
  readonly events = new Map<string, HeraldCloudEvent>();
  readonly deliveries: DeliveredMessage[] = [];
  /** Stream revisions per key in delivery order, duplicates dropped. */
  readonly revisionsByStream = new Map<string, number[]>();
  private handle: ConsumerHandle | null = null;

  constructor(private readonly topics: Readonly<Record<string, string>> = CATEGORY_TOPICS) {}

  async start(bus: MessageBus, groupId: string): Promise<void> {
    this.handle = await bus.consume({
      groupId,
      topics: [...new Set(Object.values(this.topics))],
      handler: async (delivered) => {
        this.deliveries.push(delivered);
        const event = parseCloudEvent(delivered.value);
        if (this.events.has(event.id)) return;
        this.events.set(event.id, event);
        const revisions = this.revisionsByStream.get(event.subject) ?? [];
        revisions.push(event.streamrevision);
        this.revisionsByStream.set(event.subject, revisions);
      },
    });
  }

  stop(): Promise<void> {
    return this.handle?.stop() ?? Promise.resolve();
  }

  /** Streams whose revisions did not arrive as 0, 1, 2…: lost or reordered events. */
  outOfOrder(): string[] {
    return [...this.revisionsByStream]
      .filter(([, revisions]) => revisions.some((revision, index) => revision !== index))
      .map(([stream]) => stream);
  }
}
