import Database from 'better-sqlite3';
import { InMemoryOAuthStateStore } from './in-memory-oauth-state.store';
import { oauthStateStoreContract } from './oauth-state-store.contract';
import { SqliteOAuthStateStore } from './sqlite-oauth-state.store';

oauthStateStoreContract(InMemoryOAuthStateStore.name, () => new InMemoryOAuthStateStore());
oauthStateStoreContract(
  SqliteOAuthStateStore.name,
  () => new SqliteOAuthStateStore(new Database(':memory:')),
);
