import { Module } from '@nestjs/common';
import { RealtimeHub } from './realtime-hub';
import { RealtimeRelay } from './realtime-relay';
import { RealtimeResolver } from './realtime.resolver';

/**
 * GraphQL subscriptions: the relay (one replica, under a lease) turns committed events into
 * messages on the coordination pub/sub; every replica's hub hands them to its own clients. Needs
 * the process's event store, coordination and projections modules.
 */
@Module({
  providers: [RealtimeHub, RealtimeRelay, RealtimeResolver],
  exports: [RealtimeRelay],
})
export class RealtimeApiModule {}
