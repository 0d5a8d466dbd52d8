import { Module } from '@nestjs/common';
import { NotificationsResolver } from './notifications.resolver';

/** In-app notifications at the API edge, from the notifications projection. */
@Module({ providers: [NotificationsResolver] })
export class NotificationsApiModule {}
