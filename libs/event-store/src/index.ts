export * from './event-store.port';
export * from './envelope/envelope';
export * from './envelope/hash-chain';
export * from './crypto/key-vault.port';
export * from './crypto/personal-data-cipher.port';
export { SqliteKeyVault, type SqliteKeyVaultOptions } from './crypto/sqlite-key-vault';
export { masterKeyFromBase64 } from './crypto/key-wrapping';
export { AesGcmPersonalDataProtector, ENCRYPTED_VALUE_SCHEME, isEncryptedValue, type EncryptedValue } from './crypto/aes-gcm-personal-data-protector';
export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions, type EventStoreDbClientPort } from './eventstoredb/eventstoredb-event-store';
