import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@herald/event-store';
import {
  createPlatformRegistry,
  loadPlatformsConfig,
  type FakePlatformServer,
  type PlatformRegistry,
} from '@herald/platforms';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { READ_STORE } from '../../api/src/infrastructure/read-store.module';
import type { ReadStore } from '@herald/read-store';
import {
  loadConfig,
  uuidV7Generator,
  type DomainEvent,
  type Environment,
  type FixedClock,
} from '@herald/shared-kernel';
import { captureLogs, type LogLine } from '../../../test/e2e/support/log-capture';
import { ProjectionHost } from '../src/infrastructure/projections/projection-host';
import { RelayHost } from '../src/infrastructure/relay/relay.module';
import { WorkerAppModule } from '../src/worker-app.module';
import { DEFAULT_WORKER_SETTINGS, type WorkerSettings } from '../src/worker.settings';

export interface WorkerHarnessOptions {
  readonly clock: FixedClock;
  /** Adapters by configuration, as the process would read them; HERALD_DATA_DIR is a fresh folder. */
  readonly env?: Environment;
  readonly settings?: Partial<WorkerSettings>;
  readonly registry?: PlatformRegistry;
  readonly coordinationKeyPrefix?: string;
  /** Another replica of the same deployment: share its data folder instead of a fresh one. */
  readonly dataDir?: string;
  /** Remove a shared data folder on close too (the replica that outlives the others). */
  readonly removeDataDir?: boolean;
}

/** Polls until `condition` holds; fails naming what it waited for. Never a fixed sleep. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** X's API on a fake server: the connector the sagas use, with a token endpoint and metrics. */
export function fakeXRegistry(fake: FakePlatformServer, clock: FixedClock): PlatformRegistry {
  const config = loadPlatformsConfig({
    X_CLIENT_ID: 'herald-app',
    X_CLIENT_SECRET: 'app-secret',
    X_API_BASE_URL: fake.url,
  });
  return createPlatformRegistry(config, { clock });
}

/**
 * The standalone worker process (WorkerAppModule) on its configured adapters, with a fixed clock
 * for the sagas' schedules, the timers off (specs run sweeps by hand) and platform connectors
 * pointing at a fake server.
 */
export class WorkerHarness {
  private constructor(
    readonly app: INestApplicationContext,
    readonly dataDir: string,
    readonly clock: FixedClock,
    readonly logs: LogLine[],
    private readonly ownsDataDir: boolean,
  ) {}

  static async boot(options: WorkerHarnessOptions): Promise<WorkerHarness> {
    const owned = options.dataDir === undefined || options.removeDataDir === true;
    const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'herald-worker-'));
    const config = loadConfig({ ...options.env, HERALD_DATA_DIR: dataDir });
    const { destination, lines } = captureLogs();
    const settings: WorkerSettings = {
      ...DEFAULT_WORKER_SETTINGS,
      timers: false,
      leaseRetryMs: 200,
      ...options.settings,
    };
    const app = await NestFactory.createApplicationContext(
      WorkerAppModule.forRoot(config, {
        logDestination: destination,
        coordinationKeyPrefix: options.coordinationKeyPrefix,
        clock: options.clock,
        settings,
        platformRegistry: options.registry,
      }),
      { logger: false, abortOnError: false },
    );
    try {
      await app.init();
    } catch (error) {
      await app.close();
      if (owned) rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    return new WorkerHarness(app, dataDir, options.clock, lines, owned);
  }

  get<T>(token: unknown): T {
    return this.app.get<T>(token as string);
  }

  get store(): EventStore {
    return this.get<EventStore>(EVENT_STORE);
  }

  get readStore(): ReadStore {
    return this.get<ReadStore>(READ_STORE);
  }

  get catalog(): ProjectionCatalog {
    return this.get(ProjectionCatalog);
  }

  get projections(): ProjectionHost {
    return this.get(ProjectionHost);
  }

  get relay(): RelayHost {
    return this.get(RelayHost);
  }

  /** Appends domain events as the command pipeline would (personal fields encrypted by the store). */
  async append(streamId: string, events: readonly DomainEvent[], tenantId: string | null): Promise<void> {
    const correlationId = uuidV7Generator.next();
    await this.store.append(
      streamId,
      events.map((event) => ({
        id: uuidV7Generator.next(),
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        personalFields: event.personalFields ?? [],
        metadata: {
          tenantId,
          actor: { kind: 'user', id: 'user-spec' },
          correlationId,
          causationId: null,
          subjectIds: [...new Set((event.personalFields ?? []).map((field) => field.subjectId))],
        },
      })),
      { expectedRevision: 'any' },
    );
  }

  async events(streamId: string, type?: string): Promise<RecordedEvent[]> {
    const recorded = await this.store.readStream(streamId);
    return type === undefined ? recorded : recorded.filter((event) => event.type === type);
  }

  async close(options: { readonly keepData?: boolean } = {}): Promise<void> {
    await this.app.close();
    if (this.ownsDataDir && options.keepData !== true) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
