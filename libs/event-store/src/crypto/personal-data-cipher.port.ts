import type { PersonalField } from '../envelope/envelope';

/**
 * Encrypts the personal fields of an event's data before it is stored and decrypts them on
 * read. Encrypted values are self-describing JSON (`{ "$enc": "aes-256-gcm/v1", subjectId, iv,
 * tag, ct }`, base64) so every copy of the event — store, Kafka, backups — carries ciphertext only.
 * A field whose subject was forgotten decrypts to `erasedValue(subjectId)`.
 */
export interface PersonalDataProtector {
  encrypt(data: unknown, fields: readonly PersonalField[]): Promise<unknown>;
  decrypt(data: unknown, fields: readonly PersonalField[]): Promise<unknown>;
}
