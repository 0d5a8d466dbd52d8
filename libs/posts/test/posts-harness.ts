import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CommandsModule, SqliteIdempotencyStore, type RequestMetadata } from '@herald/commands';
import { type EventStore, SqliteEventStore } from '@herald/event-store';
import { FixedClock, uuidV7Generator } from '@herald/shared-kernel';
import { PostsModule } from '../src';

export interface PostsHarness {
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly clock: FixedClock;
  close(): Promise<void>;
}

/** The posts module on the real embedded event store, in a temporary directory. */
export async function startPosts(): Promise<PostsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-posts-'));
  const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  const idempotency = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.sqlite') });
  const clock = new FixedClock(new Date('2026-03-10T09:00:00.000Z'));

  @Module({ imports: [CommandsModule.forRoot({ eventStore: store, clock, ids: uuidV7Generator, idempotency }), PostsModule] })
  class TestRoot {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(TestRoot, { logger: false });
  await app.init();
  return {
    bus: app.get(CommandBus),
    store,
    clock,
    close: async () => {
      await app.close();
      await idempotency.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const ORG_ID = '0190f3a4-0000-7000-8000-00000000o001';

export const request = (actor: RequestMetadata['actor'], extra: Partial<RequestMetadata> = {}): RequestMetadata => ({
  tenantId: ORG_ID,
  actor,
  correlationId: `corr-${actor.id}`,
  causationId: null,
  ...extra,
});
