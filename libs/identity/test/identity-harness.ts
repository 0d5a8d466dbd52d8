import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CommandsModule, SqliteIdempotencyStore, type RequestMetadata } from '@herald/commands';
import {
  AesGcmPersonalDataProtector,
  type EventStore,
  SqliteEventStore,
  SqliteKeyVault,
} from '@herald/event-store';
import { FixedClock, uuidV7Generator } from '@herald/shared-kernel';
import { IdentityModule } from '../src';

export interface IdentityHarness {
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly keyVault: SqliteKeyVault;
  readonly clock: FixedClock;
  readonly dir: string;
  close(): Promise<void>;
}

/** The identity module on the real embedded stores, with personal data encrypted per subject. */
export async function startIdentity(): Promise<IdentityHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-identity-'));
  const keyVault = new SqliteKeyVault({ filename: join(dir, 'keys.sqlite'), masterKey: randomBytes(32) });
  const store = await SqliteEventStore.open({
    path: join(dir, 'events.sqlite'),
    protector: new AesGcmPersonalDataProtector(keyVault),
  });
  const idempotency = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.sqlite') });
  const clock = new FixedClock(new Date('2025-03-01T10:00:00.000Z'));

  @Module({
    imports: [
      CommandsModule.forRoot({ eventStore: store, clock, ids: uuidV7Generator, idempotency }),
      IdentityModule,
    ],
  })
  class TestRoot {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(TestRoot, {
    logger: false,
  });
  await app.init();
  return {
    bus: app.get(CommandBus),
    store,
    keyVault,
    clock,
    dir,
    close: async () => {
      await app.close();
      await idempotency.close();
      await store.close();
      await keyVault.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const request = (
  actor: RequestMetadata['actor'],
  extra: Partial<RequestMetadata> = {},
): RequestMetadata => ({
  tenantId: null,
  actor,
  correlationId: 'corr-1',
  causationId: null,
  ...extra,
});
