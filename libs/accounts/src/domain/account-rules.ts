import { HeraldError, type CommandContext } from '@herald/shared-kernel';
import type { MemberRole } from '@herald/organizations';
import { PLATFORM_NAMES } from './social-platform';
import type { OAuthTokens } from './social-account.commands';
import type { ExistingAccountState, LiveAccountState, SocialAccountState } from './social-account.state';

const ACCOUNT_MANAGERS: readonly MemberRole[] = ['admin', 'manager'];

export function requireAccountManager(role: MemberRole, action: string): void {
  if (!ACCOUNT_MANAGERS.includes(role)) {
    throw new HeraldError(
      'ACCOUNT.FORBIDDEN',
      `Your role (${role}) cannot ${action}; ask an admin or a manager of the organization.`,
      {
        role,
        allowedRoles: ACCOUNT_MANAGERS,
      },
    );
  }
}

/** Health reports are facts observed by Herald's own processes or a platform callback, not user input. */
export function requireSystemActor(context: CommandContext, action: string): void {
  if (context.actor.kind !== 'system' && context.actor.kind !== 'webhook') {
    throw new HeraldError('ACCOUNT.FORBIDDEN', `Only Herald's background processes can ${action}.`, {
      actorKind: context.actor.kind,
    });
  }
}

export function requireExisting(state: SocialAccountState): ExistingAccountState {
  if (state.status === 'none') throw new HeraldError('NOT_FOUND', 'This social account does not exist.');
  return state;
}

export function requireLive(state: SocialAccountState): LiveAccountState {
  const existing = requireExisting(state);
  if (existing.status === 'disconnected') {
    const { platform, handle } = existing.account;
    throw new HeraldError(
      'ACCOUNT.DISCONNECTED',
      `The ${PLATFORM_NAMES[platform]} account ${handle} was disconnected on ${existing.disconnectedAt}; connect it again as a new account.`,
      { accountId: existing.account.accountId, disconnectedAt: existing.disconnectedAt },
    );
  }
  return existing;
}

export function requireText(value: string, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new HeraldError('VALIDATION.FAILED', `${field} must not be empty.`, { field });
  }
}

export function requireInstant(value: string, field: string): Date {
  const parsed = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(parsed.getTime())) {
    throw new HeraldError('VALIDATION.FAILED', `${field} must be an ISO-8601 instant.`, { field, value });
  }
  return parsed;
}

export function validateTokens(tokens: OAuthTokens, now: Date): void {
  requireText(tokens.accessToken, 'tokens.accessToken');
  if (tokens.refreshToken !== null) requireText(tokens.refreshToken, 'tokens.refreshToken');
  if (!Array.isArray(tokens.scopes) || tokens.scopes.some((scope) => typeof scope !== 'string')) {
    throw new HeraldError('VALIDATION.FAILED', 'tokens.scopes must be a list of strings.', {
      field: 'tokens.scopes',
    });
  }
  if (tokens.expiresAt !== null) {
    const expiresAt = requireInstant(tokens.expiresAt, 'tokens.expiresAt');
    if (expiresAt.getTime() <= now.getTime()) {
      throw new HeraldError(
        'VALIDATION.FAILED',
        `The platform returned a token that already expired at ${tokens.expiresAt}.`,
        {
          field: 'tokens.expiresAt',
        },
      );
    }
  }
}
