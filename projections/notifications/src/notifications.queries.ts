import type { SocialPlatform } from '@herald/accounts';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import type { Collection, Filter, ReadStore } from '@herald/read-store';
import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import { pageLimit, requireId, requireInstant, requireOrganizationId } from '@herald/projections/support';
import {
  NOTIFICATION_READS_COLLECTION,
  NOTIFICATIONS_COLLECTIONS as C,
  NOTIFICATIONS_PROJECTION,
  readMarkId,
  watermarkId,
  type NotificationDocument,
  type NotificationReadDocument,
  type NotifiedAccountDocument,
} from './notifications.documents';

export interface Recipient {
  readonly organizationId: string;
  readonly userId: string;
}

export type NotificationView = Omit<NotificationDocument, '_id' | 'userId' | 'organizationId'> & {
  read: boolean;
};

export interface NotificationPage {
  readonly items: NotificationView[];
  readonly nextCursor: string | null;
}

export interface TokenExpiry {
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly handle: string;
  readonly tokenExpiresAt: string;
  readonly expired: boolean;
}

/** Most notifications one mark-read call takes: a page's worth. */
export const MAX_MARK_READ = 200;

interface ReadState {
  /** Every notification at or below this sequence is read. */
  readonly readUpTo: number;
  /** Notifications above it read one by one. */
  readonly readIds: ReadonlySet<string>;
}

function recipientOf(input: Recipient): Recipient {
  return {
    organizationId: requireOrganizationId(input.organizationId),
    userId: requireId(input.userId, 'userId'),
  };
}

function view(document: NotificationDocument & { _position?: number }, state: ReadState): NotificationView {
  const {
    _id: _id,
    _position: _position,
    userId: _userId,
    organizationId: _organizationId,
    ...fields
  } = document;
  return {
    ...fields,
    read: document.sequence <= state.readUpTo || state.readIds.has(document.notificationId),
  };
}

/**
 * Reads of a user's notifications and, until mark-read becomes a command, the API's write of
 * read marks. Read state is one watermark per user and organization ("read up to sequence N",
 * moved by mark-all-read) plus single marks above it; it is not derived from the log, lives in
 * NOTIFICATION_READS_COLLECTION and survives rebuilds of the projection.
 */
export function notificationsQueries(
  readStore: ReadStore,
  catalog: ProjectionCatalog,
  options: { clock?: Clock } = {},
) {
  const clock = options.clock ?? systemClock;
  const reads = readStore.collection<NotificationReadDocument>(NOTIFICATION_READS_COLLECTION);
  let indexed: Promise<unknown> | null = null;
  const readMarks = async (): Promise<Collection<NotificationReadDocument>> => {
    indexed ??= reads.createIndex({ fields: { organizationId: 1, userId: 1, kind: 1, sequence: 1 } });
    await indexed;
    return reads;
  };
  const notifications = () => catalog.open<NotificationDocument>(NOTIFICATIONS_PROJECTION, C.notifications);

  async function readState(recipient: Recipient): Promise<ReadState> {
    const marks = await readMarks();
    const watermark = await marks.findOne({ _id: watermarkId(recipient.organizationId, recipient.userId) });
    const readUpTo = watermark?.kind === 'watermark' ? watermark.readUpTo : 0;
    const singles = await marks.find({
      organizationId: recipient.organizationId,
      userId: recipient.userId,
      kind: 'read',
      sequence: { $gt: readUpTo },
    });
    return {
      readUpTo,
      readIds: new Set(singles.flatMap((mark) => (mark.kind === 'read' ? [mark.notificationId] : []))),
    };
  }

  const unreadFilter = (recipient: Recipient, state: ReadState): Filter<NotificationDocument> => ({
    userId: recipient.userId,
    organizationId: recipient.organizationId,
    sequence: { $gt: state.readUpTo },
    notificationId: { $nin: [...state.readIds] },
  });

  return {
    /** Newest first, cursor-paged. */
    async list(
      input: Recipient & { unreadOnly?: boolean; limit?: number; after?: string | null },
    ): Promise<NotificationPage> {
      const recipient = recipientOf(input);
      const state = await readState(recipient);
      const filter: Filter<NotificationDocument> =
        input.unreadOnly === true
          ? unreadFilter(recipient, state)
          : { userId: recipient.userId, organizationId: recipient.organizationId };
      const page = await (
        await notifications()
      ).findPage(filter, {
        sort: { sequence: -1 },
        limit: pageLimit(input.limit),
        after: input.after ?? null,
      });
      return { items: page.items.map((item) => view(item, state)), nextCursor: page.nextCursor };
    },

    async unreadCount(input: Recipient): Promise<number> {
      const recipient = recipientOf(input);
      return (await notifications()).count(unreadFilter(recipient, await readState(recipient)));
    },

    /** Marks the user's notifications read; resolves how many were unread. Unknown ids fail with NOT_FOUND. */
    async markRead(input: Recipient & { notificationIds: readonly string[] }): Promise<{ marked: number }> {
      const recipient = recipientOf(input);
      const ids = [...new Set(input.notificationIds.map((id) => requireId(id, 'notificationIds')))];
      if (ids.length === 0 || ids.length > MAX_MARK_READ) {
        throw new HeraldError(
          'VALIDATION.FAILED',
          `Mark from 1 to ${MAX_MARK_READ} notifications at a time.`,
          { field: 'notificationIds' },
        );
      }
      const found = await (
        await notifications()
      ).find({
        userId: recipient.userId,
        organizationId: recipient.organizationId,
        notificationId: { $in: ids },
      });
      const missing = ids.filter((id) => !found.some((notification) => notification.notificationId === id));
      if (missing.length > 0)
        throw new HeraldError('NOT_FOUND', 'Some of these notifications do not exist for this user.', {
          notificationIds: missing,
        });
      const state = await readState(recipient);
      const readAt = clock.now().toISOString();
      const marks = await readMarks();
      let marked = 0;
      for (const notification of found) {
        if (notification.sequence <= state.readUpTo) continue;
        // $setOnInsert: marking twice keeps the first read time and counts once.
        const result = await marks.upsert(
          { _id: readMarkId(recipient.organizationId, recipient.userId, notification.notificationId) },
          {
            $setOnInsert: {
              kind: 'read',
              organizationId: recipient.organizationId,
              userId: recipient.userId,
              notificationId: notification.notificationId,
              sequence: notification.sequence,
              readAt,
            },
          },
        );
        if (result.upsertedId !== null) marked += 1;
      }
      return { marked };
    },

    /** Marks everything the user has so far as read; later notifications stay unread. */
    async markAllRead(input: Recipient): Promise<{ readUpTo: number }> {
      const recipient = recipientOf(input);
      const newest = await (
        await notifications()
      ).findOne(
        { userId: recipient.userId, organizationId: recipient.organizationId },
        { sort: { sequence: -1 } },
      );
      if (newest === null) return { readUpTo: (await readState(recipient)).readUpTo };
      const marks = await readMarks();
      // The position guard makes the watermark only ever move forward, even under concurrent calls.
      await marks.upsert(
        { _id: watermarkId(recipient.organizationId, recipient.userId) },
        {
          $set: {
            kind: 'watermark',
            organizationId: recipient.organizationId,
            userId: recipient.userId,
            readUpTo: newest.sequence,
            updatedAt: clock.now().toISOString(),
          },
        },
        { atPosition: newest.sequence },
      );
      await marks.deleteMany({
        organizationId: recipient.organizationId,
        userId: recipient.userId,
        kind: 'read',
        sequence: { $lte: newest.sequence },
      });
      return { readUpTo: (await readState(recipient)).readUpTo };
    },

    /**
     * Connected accounts whose access token expires before `now + withinHours` (already expired
     * ones included): the accounts domain raises no "token expiring" event, so this is read
     * from the expiry each connect/refresh recorded, not pushed as a notification.
     */
    async tokenExpiries(input: {
      organizationId: string;
      now: string;
      withinHours?: number;
    }): Promise<TokenExpiry[]> {
      const organizationId = requireOrganizationId(input.organizationId);
      const now = requireInstant(input.now, 'now');
      const withinHours = input.withinHours ?? 72;
      if (!Number.isInteger(withinHours) || withinHours < 1 || withinHours > 24 * 90) {
        throw new HeraldError('VALIDATION.FAILED', 'withinHours must be a whole number from 1 to 2160.', {
          field: 'withinHours',
        });
      }
      const horizon = new Date(Date.parse(now) + withinHours * 3_600_000).toISOString();
      const accounts = await catalog.open<NotifiedAccountDocument>(NOTIFICATIONS_PROJECTION, C.accounts);
      const found = await accounts.find(
        { organizationId, connected: true, tokenExpiresAt: { $lt: horizon } },
        { sort: { tokenExpiresAt: 1 } },
      );
      return found.map((account) => ({
        accountId: account._id,
        platform: account.platform,
        handle: account.handle,
        tokenExpiresAt: account.tokenExpiresAt as string,
        expired: (account.tokenExpiresAt as string) <= now,
      }));
    },
  };
}

export type NotificationsQueries = ReturnType<typeof notificationsQueries>;
