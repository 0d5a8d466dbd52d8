import type { RecordedEvent } from '@herald/event-store';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import {
  NOTIFICATIONS_COLLECTIONS,
  NOTIFICATIONS_PROJECTION,
  type NotificationDocument,
} from '@herald/projections/notifications';
import type { NotificationMessage } from './realtime.messages';

/**
 * The events the notifications projection raises notifications for. Who is told depends on the
 * organization's members as the projection knows them, so the relay does not guess recipients:
 * it waits for the projection to pass the event and reads what it wrote.
 */
export const NOTIFYING_EVENT_TYPES: ReadonlySet<string> = new Set([
  'post.publishSucceeded',
  'post.publishFailedFinally',
  'socialAccount.tokenRefreshFailed',
  'socialAccount.expired',
  'socialAccount.errored',
  'agentTask.completed',
  'agentTask.failed',
]);

export interface NotificationLookupOptions {
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class NotificationLookup {
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly catalog: ProjectionCatalog,
    options: NotificationLookupOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 10;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * The notifications `event` raised, one per recipient, once the live notifications projection
   * has processed it; empty when it raised none or the projection did not get there in time
   * (the notifications stay readable through the `notifications` query either way).
   */
  async raisedBy(event: RecordedEvent, signal?: AbortSignal): Promise<NotificationMessage[]> {
    if (!NOTIFYING_EVENT_TYPES.has(event.type) || event.metadata.tenantId === null) return [];
    if (!(await this.processed(event.globalPosition, signal))) return [];
    const collection = await this.catalog.open<NotificationDocument>(
      NOTIFICATIONS_PROJECTION,
      NOTIFICATIONS_COLLECTIONS.notifications,
    );
    const documents = await collection.find({
      notificationId: event.id,
      organizationId: event.metadata.tenantId,
    });
    return documents.map(toMessage);
  }

  private async processed(position: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      if ((await this.checkpoint()) >= position) return true;
      if (Date.now() >= deadline || signal?.aborted === true) return false;
      await this.sleep(this.pollMs);
    }
  }

  private async checkpoint(): Promise<number> {
    const projection = await this.catalog.projection(NOTIFICATIONS_PROJECTION);
    if (projection === null) return 0;
    const generation = await this.catalog.generation(NOTIFICATIONS_PROJECTION, projection.liveVersion);
    return generation?.checkpoint ?? 0;
  }
}

function toMessage(document: NotificationDocument): NotificationMessage {
  return {
    kind: 'notification',
    organizationId: document.organizationId,
    userId: document.userId,
    notificationId: document.notificationId,
    notificationKind: document.kind,
    severity: document.severity,
    title: document.title,
    body: document.body,
    subjectType: document.subject.type,
    subjectId: document.subject.id,
    url: document.url,
    createdAt: document.createdAt,
    sequence: document.sequence,
  };
}
