import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { MEMBER_ROLES } from '@herald/organizations';
import { ProjectionCatalog } from '@herald/projections-runtime';
import {
  notificationsQueries,
  type NotificationsQueries,
  type NotificationView,
} from '@herald/projections/notifications';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, type Clock } from '@herald/shared-kernel';
import { memberOf } from '../agent-tasks/member-of';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import type { HeraldRequestContext } from '../graphql/request-context';
import { READ_STORE } from '../infrastructure/read-store.module';
import {
  MarkAllNotificationsReadArgs,
  MarkNotificationReadArgs,
  NotificationsArgs,
} from './notification.inputs';
import { Notification, NotificationPage, NotificationsMarked } from './notification.models';

/**
 * The caller's own notifications in the organization they act in. Read marks are not events
 * (they say nothing about the business): the notifications queries keep them beside the read
 * model, idempotent by nature, so a retried mark changes nothing more and needs no key store.
 */
@Resolver(() => Notification)
export class NotificationsResolver {
  private readonly queries: NotificationsQueries;

  constructor(
    catalog: ProjectionCatalog,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.queries = notificationsQueries(readStore, catalog, { clock });
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => NotificationPage, { description: 'Your notifications, newest first.' })
  async notifications(
    @Args() args: NotificationsArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<NotificationPage> {
    const page = await this.queries.list({
      ...recipient(context),
      unreadOnly: args.unreadOnly === true,
      after: args.after ?? null,
      ...(args.limit != null ? { limit: args.limit } : {}),
    });
    return { items: page.items.map(toNotification), nextCursor: page.nextCursor };
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => Int)
  unreadNotificationCount(@RequestContext() context: HeraldRequestContext): Promise<number> {
    return this.queries.unreadCount(recipient(context));
  }

  @RequireRole(...MEMBER_ROLES)
  @Mutation(() => NotificationsMarked, {
    description: "One of your notifications; anyone else's is NOT_FOUND.",
  })
  async markNotificationRead(
    @Args() args: MarkNotificationReadArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<NotificationsMarked> {
    const { marked } = await this.queries.markRead({ ...recipient(context), notificationIds: [args.id] });
    return { marked, unreadCount: await this.queries.unreadCount(recipient(context)) };
  }

  @RequireRole(...MEMBER_ROLES)
  @Mutation(() => NotificationsMarked, {
    description: 'Everything you have so far; later notifications stay unread.',
  })
  async markAllNotificationsRead(
    @Args() _args: MarkAllNotificationsReadArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<NotificationsMarked> {
    const before = await this.queries.unreadCount(recipient(context));
    await this.queries.markAllRead(recipient(context));
    const after = await this.queries.unreadCount(recipient(context));
    return { marked: before - after, unreadCount: after };
  }
}

function recipient(context: HeraldRequestContext): { organizationId: string; userId: string } {
  const { organizationId, userId } = memberOf(context);
  return { organizationId, userId };
}

function toNotification(view: NotificationView): Notification {
  return {
    id: view.notificationId,
    kind: view.kind,
    severity: view.severity,
    title: view.title,
    body: view.body,
    subject: { type: view.subject.type, id: view.subject.id },
    url: view.url,
    createdAt: new Date(view.createdAt),
    sequence: view.sequence,
    read: view.read,
  };
}
