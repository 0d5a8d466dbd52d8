import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventMetadataInput, EventStore, NewEvent } from '@herald/event-store';
import { ProjectionRunner, type ProjectionDefinition } from '@herald/projections-runtime';
import type { ReadStore } from '@herald/read-store';
import { loadConfig, uuidV7Generator, type DomainEvent } from '@herald/shared-kernel';
import { openEventStore } from '../../../api/src/infrastructure/event-store.factory';
import { openReadStore } from '../../../api/src/infrastructure/read-store.module';
import { runCli } from '../cli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temp HERALD_DATA_DIR with the embedded SQLite stores, and the CLI run in-process against it. */
export class CliFixture {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'herald-cli-'));
  readonly env: Record<string, string> = {
    HERALD_DATA_DIR: this.dataDir,
    HERALD_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  };

  async run(...argv: string[]): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, this.env, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  }

  /** Opens the stores the CLI uses; they are closed before the CLI runs, as another process would. */
  async withStores<T>(work: (stores: { store: EventStore; readStore: ReadStore }) => Promise<T>): Promise<T> {
    const config = loadConfig(this.env);
    const resources = await openEventStore(config, { warn: () => undefined });
    const readStore = await openReadStore(config);
    try {
      return await work({ store: resources.store, readStore });
    } finally {
      await readStore.close();
      await resources.close();
    }
  }

  /** Runs the projections until they have read the whole log; rejects with PROJECTIONS.FAILED at a poison event. */
  async project(definitions: readonly ProjectionDefinition[]): Promise<void> {
    await this.withStores(async ({ store, readStore }) => {
      const runner = new ProjectionRunner({
        eventStore: store,
        readStore,
        definitions,
        log: { log: () => undefined, warn: () => undefined, error: () => undefined },
      });
      await runner.start();
      try {
        await runner.whenCaughtUp(undefined, { timeoutMs: 10_000 });
      } finally {
        await runner.stop();
      }
    });
  }

  remove(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export function metadata(actorId: string, extra: Partial<EventMetadataInput> = {}): EventMetadataInput {
  return {
    tenantId: null,
    actor: { kind: 'user', id: actorId },
    correlationId: uuidV7Generator.next(),
    causationId: null,
    subjectIds: [],
    ...extra,
  };
}

export function newEvent(event: DomainEvent, meta: EventMetadataInput): NewEvent {
  return {
    id: uuidV7Generator.next(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: meta,
    personalFields: event.personalFields?.map((field) => ({ path: field.path, subjectId: field.subjectId })),
  };
}
