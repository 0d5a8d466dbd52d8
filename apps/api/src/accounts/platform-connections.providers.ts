import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import Database from 'better-sqlite3';
import {
  OAuthConnection,
  OAuthStates,
  SqliteOAuthStateStore,
  createPlatformRegistry,
  loadPlatformsConfig,
  type OAuthStateStore,
  type PlatformRegistry,
  type PlatformsConfig,
} from '@herald/platforms';
import { CLOCK, type Clock, HeraldConfig } from '@herald/shared-kernel';

export const PLATFORMS_CONFIG = Symbol('PlatformsConfig');
export const PLATFORM_REGISTRY = Symbol('PlatformRegistry');
export const OAUTH_STATES = Symbol('OAuthStates');
export const OAUTH_CONNECTION = Symbol('OAuthConnection');
const OAUTH_STATE_DATABASE = Symbol('OAuthStateDatabase');

/** Pending authorizations, in HERALD_DATA_DIR beside the idempotency keys (shared by replicas the same way). */
export const OAUTH_STATES_FILE = 'oauth-states.db';

@Injectable()
class OAuthStateDatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(OAUTH_STATE_DATABASE) private readonly db: Database.Database) {}

  onApplicationShutdown(): void {
    this.db.close();
  }
}

/**
 * The platform side of connecting accounts. Platform credentials are read from the process
 * environment at start-up (`loadPlatformsConfig`; half a credential pair stops the process with
 * CONFIG.INVALID naming the variable); a platform without credentials is listed as unavailable.
 */
export const platformConnectionProviders: Provider[] = [
  { provide: PLATFORMS_CONFIG, useFactory: (): PlatformsConfig => loadPlatformsConfig(process.env) },
  {
    provide: PLATFORM_REGISTRY,
    inject: [PLATFORMS_CONFIG, CLOCK],
    useFactory: (config: PlatformsConfig, clock: Clock): PlatformRegistry =>
      createPlatformRegistry(config, { clock }),
  },
  {
    provide: OAUTH_STATE_DATABASE,
    inject: [HeraldConfig],
    useFactory: (config: HeraldConfig): Database.Database => {
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      const db = new Database(path.join(config.dataDir, OAUTH_STATES_FILE));
      db.pragma('journal_mode = WAL');
      // Another replica may be consuming a state at the same moment: wait for its write instead of failing.
      db.pragma('busy_timeout = 5000');
      return db;
    },
  },
  OAuthStateDatabaseLifecycle,
  {
    provide: OAUTH_STATES,
    inject: [OAUTH_STATE_DATABASE, CLOCK],
    useFactory: (db: Database.Database, clock: Clock): OAuthStatesProvider => {
      const store = new SqliteOAuthStateStore(db);
      return { states: new OAuthStates(store, clock), store };
    },
  },
  {
    provide: OAUTH_CONNECTION,
    inject: [PLATFORM_REGISTRY, OAUTH_STATES],
    useFactory: (registry: PlatformRegistry, oauth: OAuthStatesProvider): OAuthConnection =>
      new OAuthConnection(registry, oauth.states),
  },
];

export interface OAuthStatesProvider {
  readonly states: OAuthStates;
  readonly store: OAuthStateStore;
}
