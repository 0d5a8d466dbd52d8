import { randomBytes } from 'node:crypto';
import { isHeraldError, uuidV7Generator } from '@herald/shared-kernel';
import type { EventMetadataInput, NewEvent } from '../envelope/envelope';
import type { EventStore } from '../event-store.port';
import type { PersonalDataProtector } from '../crypto/personal-data-cipher.port';
import type { KeyVault } from '../crypto/key-vault.port';
import { AesGcmPersonalDataProtector } from '../crypto/aes-gcm-personal-data-protector';
import { SqliteKeyVault } from '../crypto/sqlite-key-vault';
import type { UpcasterRegistry } from '../upcasting/upcaster-registry';
import type { TransientReadFaults } from '../core/read-faults';

/** What the contract asks of an adapter's factory beyond defaults. */
export interface ContractStoreOptions {
  readonly upcasters?: UpcasterRegistry;
  readonly protector?: PersonalDataProtector;
}

/**
 * Storage access behind the store's back, as an attacker or a bad restore would have it, so
 * the contract can check that tampering is detected and corrupt data is reported.
 */
export interface RawEventAccess {
  /** The data as stored (personal fields encrypted). */
  readData(streamId: string, revision: number): Promise<unknown>;
  /** Replaces the stored data, leaving the hashes as they were. */
  editData(streamId: string, revision: number, data: unknown): Promise<void>;
  remove(streamId: string, revision: number): Promise<void>;
  /** Exchanges the revisions of two events of a stream. */
  swap(streamId: string, revisionA: number, revisionB: number): Promise<void>;
  /** Makes the stored data unparseable. */
  corruptData(streamId: string, revision: number): Promise<void>;
}

export interface EventStoreContractFixture {
  readonly store: EventStore;
  readonly raw?: RawEventAccess;
  /** Armed by the contract to make the next subscription reads fail like a dropped connection. */
  readonly readFaults?: TransientReadFaults;
  cleanup(): Promise<void>;
}

/** Which optional capabilities the adapter's fixture provides; tests needing one are registered only then. */
export interface EventStoreContractFeatures {
  readonly rawAccess: boolean;
  readonly readFaults: boolean;
}

export type EventStoreContractFactory = (options: ContractStoreOptions) => Promise<EventStoreContractFixture>;

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the fixture declares ${what} but does not provide it`);
  return value;
}

export const metadataInput = (overrides: Partial<EventMetadataInput> = {}): EventMetadataInput => ({
  tenantId: 'organization-contract',
  actor: { kind: 'user', id: 'user-contract' },
  correlationId: uuidV7Generator.next(),
  causationId: null,
  subjectIds: [],
  ...overrides,
});

export const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  id: uuidV7Generator.next(),
  type: 'contract.happened',
  schemaVersion: 1,
  data: { value: 1 },
  metadata: metadataInput(),
  ...overrides,
});

export const events = (count: number, overrides: Partial<NewEvent> = {}): NewEvent[] =>
  Array.from({ length: count }, (_, index) => newEvent({ data: { index }, ...overrides }));

export const streamOf = (category = 'contract'): string => `${category}-${uuidV7Generator.next()}`;

/** Polls until the condition holds; async outcomes are awaited this way, never with fixed sleeps. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** The real AES-GCM protector over a throw-away vault: the round trip the product relies on. */
export function throwawayProtector(): { protector: PersonalDataProtector; vault: KeyVault } {
  const vault = new SqliteKeyVault({ filename: ':memory:', masterKey: randomBytes(32) });
  return { protector: new AesGcmPersonalDataProtector(vault), vault };
}

/** Opens a store for one test and always cleans it up. */
export async function withStore<T>(
  factory: EventStoreContractFactory,
  options: ContractStoreOptions,
  body: (fixture: EventStoreContractFixture) => Promise<T>,
): Promise<T> {
  const fixture = await factory(options);
  try {
    return await body(fixture);
  } finally {
    await fixture.cleanup();
  }
}

export function expectCode(error: unknown, code: string, details?: Record<string, unknown>): void {
  expect(isHeraldError(error) ? error.code : error).toBe(code);
  if (details !== undefined && isHeraldError(error)) expect(error.details).toMatchObject(details);
}
