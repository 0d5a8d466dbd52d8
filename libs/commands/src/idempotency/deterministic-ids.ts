import { createHash } from 'node:crypto';
import type { IdGenerator } from '@herald/shared-kernel';
import type { IdempotencyScope } from './idempotency-store.port';

/**
 * A UUIDv7-shaped id whose 48-bit timestamp is `instant` and whose 74 "random" bits are a
 * SHA-256 of the idempotency scope and a label. Same scope, instant and label → same id, in
 * every process; ids still sort by time and pass UUIDv7 validation like any other Herald id.
 */
export function deterministicUuidV7(scope: IdempotencyScope, instant: Date, label: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([scope.tenantId ?? '', scope.commandType, scope.key, label]))
    .digest();
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(instant.getTime(), 0, 6);
  digest.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The ids an execution draws, reproducible across retries of the same idempotency key. */
export function deterministicIdGenerator(scope: IdempotencyScope, instant: Date): IdGenerator {
  let drawn = 0;
  return { next: () => deterministicUuidV7(scope, instant, `id:${drawn++}`) };
}

export function deterministicEventId(scope: IdempotencyScope, instant: Date, index: number): string {
  return deterministicUuidV7(scope, instant, `event:${index}`);
}
