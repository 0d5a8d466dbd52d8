import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CommandsModule, SqliteIdempotencyStore, type RequestMetadata } from '@herald/commands';
import { type EventStore, SqliteEventStore } from '@herald/event-store';
import { FixedClock, uuidV7Generator } from '@herald/shared-kernel';
import { OrganizationsModule } from '../src';

export interface OrganizationsHarness {
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly clock: FixedClock;
  close(): Promise<void>;
}

/** The organizations module on the real embedded stores, in a temporary directory. */
export async function startOrganizations(): Promise<OrganizationsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-organizations-'));
  const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  const idempotency = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.sqlite') });
  const clock = new FixedClock(new Date('2025-03-01T10:00:00.000Z'));
  const commands: DynamicModule = CommandsModule.forRoot({
    eventStore: store,
    clock,
    ids: uuidV7Generator,
    idempotency,
  });

  @Module({ imports: [commands, OrganizationsModule] })
  class TestRoot {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(TestRoot, {
    logger: false,
  });
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

export const userRequest = (
  userId: string,
  tenantId: string | null,
  extra: Partial<RequestMetadata> = {},
): RequestMetadata => ({
  tenantId,
  actor: { kind: 'user', id: userId },
  correlationId: `corr-${userId}`,
  causationId: null,
  requestId: `req-${userId}`,
  ...extra,
});
