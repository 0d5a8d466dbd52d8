import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { type UserEvent, type UserState, userDecider, userStreamId } from '@herald/identity';

export interface UserCredentials {
  readonly userId: string;
  readonly status: UserState['status'];
  /** The latest password hash; not a string once the user's key is forgotten (erased). */
  readonly passwordHash: unknown;
  /** The registered address; not a string once erased. */
  readonly email: unknown;
  readonly emailVerified: boolean;
  /** The confirmed TOTP secret reference while two-factor is on, else null. */
  readonly totpSecretRef: string | null;
}

/**
 * Reads a user's current password hash and status from their own stream, decrypted with their
 * key. The stream, not a read model, is the source here: a password change or an erasure takes
 * effect on the very next login, with no projection lag, and no copy of the hash is kept.
 */
@Injectable()
export class UserCredentialsReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async read(userId: string): Promise<UserCredentials | null> {
    const recorded = await this.store.readStream(userStreamId(userId));
    if (recorded.length === 0) return null;
    let state: UserState = userDecider.initialState;
    let passwordHash: unknown = undefined;
    let email: unknown = undefined;
    let totpSecretRef: unknown = null;
    for (const event of recorded) {
      const domain = { type: event.type, schemaVersion: event.schemaVersion, data: event.data } as UserEvent;
      state = userDecider.evolve(state, domain);
      if (domain.type === 'user.registered' || domain.type === 'user.passwordChanged') {
        passwordHash = domain.data.passwordHash;
      }
      if (domain.type === 'user.registered') email = domain.data.email;
      if (domain.type === 'user.totpEnabled') totpSecretRef = domain.data.secretRef;
      if (domain.type === 'user.totpDisabled') totpSecretRef = null;
    }
    return {
      userId,
      status: state.status,
      passwordHash,
      email,
      emailVerified: state.status === 'active' && state.emailVerified,
      totpSecretRef:
        state.status === 'active' && state.totpEnabled && typeof totpSecretRef === 'string'
          ? totpSecretRef
          : null,
    };
  }
}
