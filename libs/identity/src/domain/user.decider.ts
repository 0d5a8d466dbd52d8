import { type CommandContext, type Decider, HeraldError, assertNever } from '@herald/shared-kernel';
import { CONSENT_PURPOSES, type ConsentPurpose, isConsentPurpose } from './consent';
import type { UserCommand } from './user.commands';
import type { UserEvent } from './user.events';
import {
  EMAIL_VERIFICATION_TTL_MS,
  EXPORT_MIN_INTERVAL_MS,
  validEmail,
  validName,
  validPasswordHash,
  validSecretRef,
  validTokenHash,
} from './user.rules';
import { type ActiveUser, type UserState, initialUserState } from './user.state';

type Cmd<T extends UserCommand['type']> = Extract<UserCommand, { type: T }>;

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: initialUserState,

  decide(command, state) {
    if (command.type === 'RegisterUser') return register(command, state);
    switch (state.status) {
      case 'none':
        throw new HeraldError('USER.NOT_FOUND', 'This user does not exist.');
      case 'erased':
        throw erased();
      case 'erasureRequested':
        return duringErasure(command, state);
      case 'active':
        return decideActive(command, state);
      default:
        return assertNever(state, 'user state');
    }
  },

  evolve(state, event) {
    if (event.type === 'user.registered') {
      return {
        status: 'active',
        userId: event.data.userId,
        emailVerified: false,
        pendingVerification: null,
        totpEnabled: false,
        consents: {},
        lastExportRequestedAt: null,
      };
    }
    if (event.type === 'user.erased') return { status: 'erased', userId: event.data.userId };
    if (state.status !== 'active') return state;
    switch (event.type) {
      case 'user.emailVerificationRequested':
        return {
          ...state,
          pendingVerification: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt },
        };
      case 'user.emailVerified':
        return { ...state, emailVerified: true, pendingVerification: null };
      case 'user.passwordChanged':
        return state;
      case 'user.totpEnabled':
        return { ...state, totpEnabled: true };
      case 'user.totpDisabled':
        return { ...state, totpEnabled: false };
      case 'user.consentGranted':
        return { ...state, consents: { ...state.consents, [event.data.purpose]: event.data.policyVersion } };
      case 'user.consentWithdrawn': {
        const consents = { ...state.consents };
        delete consents[event.data.purpose];
        return { ...state, consents };
      }
      case 'user.dataExportRequested':
        return { ...state, lastExportRequestedAt: event.data.requestedAt };
      case 'user.erasureRequested':
        return { status: 'erasureRequested', userId: state.userId };
      default:
        return assertNever(event, 'user event');
    }
  },
};

function register(command: Cmd<'RegisterUser'>, state: UserState): UserEvent[] {
  if (state.status !== 'none') {
    throw new HeraldError('USER.ALREADY_REGISTERED', 'This account already exists; sign in instead.');
  }
  const { userId, context } = command;
  const personal = ['email', 'name', 'passwordHash'].map((path) => ({ path, subjectId: userId }));
  return [
    {
      type: 'user.registered',
      schemaVersion: 1,
      data: {
        userId,
        email: validEmail(command.email),
        name: validName(command.name),
        passwordHash: validPasswordHash(command.passwordHash),
      },
      personalFields: personal,
    },
    verificationRequested(userId, command.verificationTokenHash, context),
  ];
}

function decideActive(command: Exclude<UserCommand, Cmd<'RegisterUser'>>, state: ActiveUser): UserEvent[] {
  const { userId } = state;
  switch (command.type) {
    case 'RequestEmailVerification':
      requireSelfOrSystem(command.context, userId);
      if (state.emailVerified) {
        throw new HeraldError('USER.EMAIL_ALREADY_VERIFIED', 'This email address is already verified.');
      }
      return [verificationRequested(userId, command.tokenHash, command.context)];
    case 'VerifyEmail':
      // The emailed token is the proof: whoever holds the link may verify, signed in or not.
      return verifyEmail(command, state);
    case 'ChangePassword':
      requireSelfOrSystem(command.context, userId);
      return [
        {
          type: 'user.passwordChanged',
          schemaVersion: 1,
          data: { userId, passwordHash: validPasswordHash(command.passwordHash) },
          personalFields: [{ path: 'passwordHash', subjectId: userId }],
        },
      ];
    case 'EnableTotp':
      requireSelf(command.context, userId);
      if (state.totpEnabled) {
        throw new HeraldError(
          'USER.TOTP_ALREADY_ENABLED',
          'Two-factor authentication is already on; disable it first to replace it.',
        );
      }
      return [
        {
          type: 'user.totpEnabled',
          schemaVersion: 1,
          data: { userId, secretRef: validSecretRef(command.secretRef) },
          personalFields: [{ path: 'secretRef', subjectId: userId }],
        },
      ];
    case 'DisableTotp':
      requireSelfOrSystem(command.context, userId);
      if (!state.totpEnabled)
        throw new HeraldError('USER.TOTP_NOT_ENABLED', 'Two-factor authentication is not on.');
      return [{ type: 'user.totpDisabled', schemaVersion: 1, data: { userId } }];
    case 'GrantConsent': {
      requireSelf(command.context, userId);
      const purpose = validPurpose(command.purpose);
      const policyVersion = validPolicyVersion(command.policyVersion);
      if (state.consents[purpose] === policyVersion) return [];
      return [{ type: 'user.consentGranted', schemaVersion: 1, data: { userId, purpose, policyVersion } }];
    }
    case 'WithdrawConsent': {
      requireSelfOrSystem(command.context, userId);
      const purpose = validPurpose(command.purpose);
      if (state.consents[purpose] === undefined) return [];
      return [{ type: 'user.consentWithdrawn', schemaVersion: 1, data: { userId, purpose } }];
    }
    case 'RequestDataExport':
      return requestExport(command, state);
    case 'RequestErasure':
      requireSelfOrSystem(command.context, userId);
      return [
        {
          type: 'user.erasureRequested',
          schemaVersion: 1,
          data: { userId, requestedBy: command.context.actor.id },
        },
      ];
    case 'CompleteErasure':
      throw new HeraldError(
        'USER.ERASURE_NOT_REQUESTED',
        'Erasure must be requested before it can be completed.',
      );
    default:
      return assertNever(command, 'user command');
  }
}

/** Once erasure is requested the account is frozen: only the erasure itself may proceed. */
function duringErasure(
  command: Exclude<UserCommand, Cmd<'RegisterUser'>>,
  state: { userId: string },
): UserEvent[] {
  if (command.type === 'RequestErasure') return [];
  if (command.type !== 'CompleteErasure') throw erased();
  if (command.context.actor.kind !== 'system') {
    throw forbidden('Erasure is completed by the compliance service once the data is shredded.');
  }
  return [{ type: 'user.erased', schemaVersion: 1, data: { userId: state.userId } }];
}

function verifyEmail(command: Cmd<'VerifyEmail'>, state: ActiveUser): UserEvent[] {
  if (state.emailVerified) return [];
  const pending = state.pendingVerification;
  if (pending === null || validTokenHash(command.tokenHash) !== pending.tokenHash) {
    throw new HeraldError(
      'USER.VERIFICATION_INVALID',
      'This verification link is not valid; use the latest email we sent.',
    );
  }
  if (command.context.now.getTime() >= Date.parse(pending.expiresAt)) {
    throw new HeraldError(
      'USER.VERIFICATION_EXPIRED',
      'This verification link has expired; ask for a new one.',
      {
        expiresAt: pending.expiresAt,
      },
    );
  }
  return [{ type: 'user.emailVerified', schemaVersion: 1, data: { userId: state.userId } }];
}

function requestExport(command: Cmd<'RequestDataExport'>, state: ActiveUser): UserEvent[] {
  const { context } = command;
  requireSelfOrSystem(context, state.userId);
  const last = state.lastExportRequestedAt;
  // Exports are heavy (every event of the subject, decrypted); a person needs one a day at most.
  if (
    context.actor.kind !== 'system' &&
    last !== null &&
    context.now.getTime() - Date.parse(last) < EXPORT_MIN_INTERVAL_MS
  ) {
    throw new HeraldError(
      'USER.EXPORT_TOO_FREQUENT',
      'A data export was requested less than 24 hours ago; use that one or try again later.',
      { lastRequestedAt: last },
    );
  }
  return [
    {
      type: 'user.dataExportRequested',
      schemaVersion: 1,
      data: {
        userId: state.userId,
        exportId: command.exportId,
        requestedBy: context.actor.id,
        requestedAt: context.now.toISOString(),
      },
    },
  ];
}

function verificationRequested(userId: string, tokenHash: string, context: CommandContext): UserEvent {
  return {
    type: 'user.emailVerificationRequested',
    schemaVersion: 1,
    data: {
      userId,
      tokenHash: validTokenHash(tokenHash, 'verificationTokenHash'),
      expiresAt: new Date(context.now.getTime() + EMAIL_VERIFICATION_TTL_MS).toISOString(),
    },
  };
}

function requireSelf(context: CommandContext, userId: string): void {
  if (context.actor.kind !== 'user' || context.actor.id !== userId) {
    throw forbidden('Only the account holder can do this.');
  }
}

/** The holder, or a system process acting on a verified flow (password reset, compliance). */
function requireSelfOrSystem(context: CommandContext, userId: string): void {
  if (context.actor.kind === 'system') return;
  requireSelf(context, userId);
}

function validPurpose(purpose: string): ConsentPurpose {
  if (!isConsentPurpose(purpose)) {
    throw new HeraldError(
      'USER.CONSENT_PURPOSE_INVALID',
      `Consent purposes are: ${CONSENT_PURPOSES.join(', ')}.`,
      {
        field: 'purpose',
      },
    );
  }
  return purpose;
}

function validPolicyVersion(version: string): string {
  if (typeof version !== 'string' || version.trim().length === 0 || version.length > 50) {
    throw new HeraldError(
      'VALIDATION.FAILED',
      'A consent needs the version of the policy text the user agreed to.',
      {
        field: 'policyVersion',
      },
    );
  }
  return version.trim();
}

const forbidden = (message: string) => new HeraldError('USER.FORBIDDEN', message);
const erased = () =>
  new HeraldError(
    'USER.ERASED',
    'This account has been erased or is being erased; it accepts no further changes.',
  );
