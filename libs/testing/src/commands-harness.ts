import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CommandsModule, SqliteIdempotencyStore, type RequestMetadata } from '@herald/commands';
import { AesGcmPersonalDataProtector, type EventStore, SqliteEventStore, SqliteKeyVault } from '@herald/event-store';
import { FixedClock, uuidV7Generator } from '@herald/shared-kernel';

export interface CommandsHarnessOptions {
  /** Names the temporary directory, so a leftover one says whose it was. */
  readonly name: string;
  /** The bounded context's Nest module, run behind the real commands pipeline. */
  readonly module: Type<unknown> | DynamicModule;
  /** Where the fixed clock starts (ISO-8601). */
  readonly now: string;
}

export interface CommandsHarness {
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly clock: FixedClock;
  readonly dir: string;
  /** The SQLite file the event store writes to. */
  readonly eventsFile: string;
  close(): Promise<void>;
}

export interface EncryptedCommandsHarness extends CommandsHarness {
  readonly keyVault: SqliteKeyVault;
}

/** A context module on the real embedded event and idempotency stores, in a temporary directory. */
export async function startCommandsHarness(options: CommandsHarnessOptions): Promise<CommandsHarness> {
  const dir = mkdtempSync(join(tmpdir(), `herald-${options.name}-`));
  return boot(options, dir, null);
}

/** As `startCommandsHarness`, with personal data encrypted per subject through a real key vault. */
export async function startEncryptedCommandsHarness(options: CommandsHarnessOptions): Promise<EncryptedCommandsHarness> {
  const dir = mkdtempSync(join(tmpdir(), `herald-${options.name}-`));
  const keyVault = new SqliteKeyVault({ filename: join(dir, 'keys.sqlite'), masterKey: randomBytes(32) });
  const harness = await boot(options, dir, keyVault);
  return {
    ...harness,
    keyVault,
    close: async () => {
      await harness.close(async () => keyVault.close());
    },
  };
}

interface BootedHarness extends Omit<CommandsHarness, 'close'> {
  close(beforeRemovingDir?: () => Promise<void>): Promise<void>;
}

async function boot(options: CommandsHarnessOptions, dir: string, keyVault: SqliteKeyVault | null): Promise<BootedHarness> {
  const eventsFile = join(dir, 'events.sqlite');
  const store = await SqliteEventStore.open(
    keyVault ? { path: eventsFile, protector: new AesGcmPersonalDataProtector(keyVault) } : { path: eventsFile },
  );
  const idempotency = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.sqlite') });
  const clock = new FixedClock(new Date(options.now));
  const commands = CommandsModule.forRoot({ eventStore: store, clock, ids: uuidV7Generator, idempotency });

  @Module({ imports: [commands, options.module] })
  class TestRoot {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(TestRoot, { logger: false });
  await app.init();
  return {
    bus: app.get(CommandBus),
    store,
    clock,
    dir,
    eventsFile,
    close: async (beforeRemovingDir) => {
      await app.close();
      await idempotency.close();
      await store.close();
      await beforeRemovingDir?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Request metadata for a command sent by `actor`, as the API would build it. */
export const requestAs = (
  actor: RequestMetadata['actor'],
  tenantId: string | null,
  extra: Partial<RequestMetadata> = {},
): RequestMetadata => ({
  tenantId,
  actor,
  correlationId: `corr-${actor.id}`,
  causationId: null,
  ...extra,
});
