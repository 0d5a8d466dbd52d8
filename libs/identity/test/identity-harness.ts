import type { RequestMetadata } from '@herald/commands';
import { type EncryptedCommandsHarness, requestAs, startEncryptedCommandsHarness } from '@herald/testing';
import { IdentityModule } from '../src';

export type IdentityHarness = EncryptedCommandsHarness;

/** The identity module on the real embedded stores, with personal data encrypted per subject. */
export const startIdentity = (): Promise<IdentityHarness> =>
  startEncryptedCommandsHarness({ name: 'identity', module: IdentityModule, now: '2025-03-01T10:00:00.000Z' });

export const request = (actor: RequestMetadata['actor'], extra: Partial<RequestMetadata> = {}): RequestMetadata =>
  requestAs(actor, null, { correlationId: 'corr-1', ...extra });
