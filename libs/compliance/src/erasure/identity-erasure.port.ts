import type { CommandActor } from '@herald/shared-kernel';
import type { UserState } from '@herald/identity';

export interface ErasureRequest {
  readonly userId: string;
  readonly actor: CommandActor;
  readonly correlationId: string;
}

/**
 * The identity context's side of erasure: the user's lifecycle (`erasureRequested` freezes the
 * account, `erased` records that the key is gone). The CLI drives it through the command
 * pipeline, the API through its command bus.
 */
export interface IdentityErasure {
  status(userId: string): Promise<UserState['status']>;
  requestErasure(request: ErasureRequest): Promise<void>;
  completeErasure(request: ErasureRequest): Promise<void>;
}
