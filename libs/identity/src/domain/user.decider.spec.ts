import type { CommandContext } from '@herald/shared-kernel';
import { deciderSpec } from '@herald/testing';
import { userDecider } from './user.decider';
import type { UserCommand } from './user.commands';
import type { UserEvent } from './user.events';

const ADA = 'user-ada';
const NOW = new Date('2025-03-01T10:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g';
const TOKEN = 'c'.repeat(64);

const as = (actorId: string, now = NOW): CommandContext => ({
  now,
  actor: { kind: 'user', id: actorId },
  tenantId: null,
});
const system = (now = NOW): CommandContext => ({
  now,
  actor: { kind: 'system', id: 'compliance' },
  tenantId: null,
});

const registerCmd = (
  overrides: Partial<Extract<UserCommand, { type: 'RegisterUser' }>> = {},
): UserCommand => ({
  type: 'RegisterUser',
  userId: ADA,
  email: ' Ada@Example.COM ',
  name: 'Ada Lovelace',
  passwordHash: HASH,
  verificationTokenHash: TOKEN,
  context: system(),
  ...overrides,
});
const registered: UserEvent[] = [
  {
    type: 'user.registered',
    schemaVersion: 1,
    data: { userId: ADA, email: 'ada@example.com', name: 'Ada Lovelace', passwordHash: HASH },
    personalFields: [
      { path: 'email', subjectId: ADA },
      { path: 'name', subjectId: ADA },
      { path: 'passwordHash', subjectId: ADA },
    ],
  },
  {
    type: 'user.emailVerificationRequested',
    schemaVersion: 1,
    data: { userId: ADA, tokenHash: TOKEN, expiresAt: '2025-03-02T10:00:00.000Z' },
  },
];
const erasureRequested: UserEvent = {
  type: 'user.erasureRequested',
  schemaVersion: 1,
  data: { userId: ADA, requestedBy: ADA },
};

describe('userDecider', () => {
  const spec = deciderSpec(userDecider);

  describe('registration', () => {
    it('registers with email, name and password hash encrypted under the user, and asks to verify the email', () => {
      spec.given([]).when(registerCmd()).then(registered);
    });

    it('never accepts something that is not an argon2 or scrypt hash as password', () => {
      spec
        .given([])
        .when(registerCmd({ passwordHash: 'hunter2hunter2hunter2' }))
        .thenThrows('USER.PASSWORD_HASH_INVALID');
      spec
        .given([])
        .when(registerCmd({ passwordHash: '$2b$10$abcdefghijklmnopqrstuv' }))
        .thenThrows('USER.PASSWORD_HASH_INVALID');
      expect(
        spec
          .given([])
          .when(registerCmd({ passwordHash: '$scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaGhhc2hoYXNo' }))
          .thenEvents(),
      ).toHaveLength(2);
    });

    it('validates email and name, and refuses a second registration', () => {
      spec
        .given([])
        .when(registerCmd({ email: 'ada-at-example' }))
        .thenThrows('USER.EMAIL_INVALID');
      spec
        .given([])
        .when(registerCmd({ name: ' ' }))
        .thenThrows('USER.NAME_INVALID');
      spec
        .given([])
        .when(registerCmd({ verificationTokenHash: 'plain-token' }))
        .thenThrows('VALIDATION.FAILED');
      spec.given(registered).when(registerCmd()).thenThrows('USER.ALREADY_REGISTERED');
      spec
        .given([])
        .when({ type: 'DisableTotp', context: as(ADA) })
        .thenThrows('USER.NOT_FOUND');
    });
  });

  describe('email verification', () => {
    const verify = (tokenHash: string, now = NOW): UserCommand => ({
      type: 'VerifyEmail',
      tokenHash,
      context: as('anonymous', now),
    });

    it('verifies with the emailed token within 24 hours, once', () => {
      spec
        .given(registered)
        .when(verify(TOKEN))
        .then([{ type: 'user.emailVerified', schemaVersion: 1, data: { userId: ADA } }]);
      spec
        .given([...registered, { type: 'user.emailVerified', schemaVersion: 1, data: { userId: ADA } }])
        .when(verify(TOKEN))
        .then([]);
    });

    it('refuses a wrong or expired token, and a token replaced by a newer email', () => {
      spec
        .given(registered)
        .when(verify('d'.repeat(64)))
        .thenThrows('USER.VERIFICATION_INVALID');
      spec
        .given(registered)
        .when(verify(TOKEN, new Date(NOW.getTime() + 24 * HOUR)))
        .thenThrows('USER.VERIFICATION_EXPIRED');
      const resent = spec
        .given(registered)
        .when({ type: 'RequestEmailVerification', tokenHash: 'e'.repeat(64), context: as(ADA) })
        .thenEvents();
      spec
        .given([...registered, ...resent])
        .when(verify(TOKEN))
        .thenThrows('USER.VERIFICATION_INVALID');
      expect(
        spec
          .given([...registered, ...resent])
          .when(verify('e'.repeat(64)))
          .thenEvents(),
      ).toHaveLength(1);
    });
  });

  describe('credentials', () => {
    it('changes the password hash for the holder or a reset flow, never for someone else', () => {
      const newHash = HASH.replace('aGFzaGhh', 'bmV3bmV3');
      const changed: UserEvent[] = [
        {
          type: 'user.passwordChanged',
          schemaVersion: 1,
          data: { userId: ADA, passwordHash: newHash },
          personalFields: [{ path: 'passwordHash', subjectId: ADA }],
        },
      ];
      spec
        .given(registered)
        .when({ type: 'ChangePassword', passwordHash: newHash, context: as(ADA) })
        .then(changed);
      spec
        .given(registered)
        .when({ type: 'ChangePassword', passwordHash: newHash, context: system() })
        .then(changed);
      spec
        .given(registered)
        .when({ type: 'ChangePassword', passwordHash: newHash, context: as('user-mallory') })
        .thenThrows('USER.FORBIDDEN');
      spec
        .given(registered)
        .when({ type: 'ChangePassword', passwordHash: 'correct horse battery staple', context: as(ADA) })
        .thenThrows('USER.PASSWORD_HASH_INVALID');
    });

    it('enables two-factor with an encrypted secret reference and disables it', () => {
      const enabled = spec
        .given(registered)
        .when({ type: 'EnableTotp', secretRef: 'vault:totp/ada/1', context: as(ADA) })
        .thenEvents();
      expect(enabled).toEqual([
        {
          type: 'user.totpEnabled',
          schemaVersion: 1,
          data: { userId: ADA, secretRef: 'vault:totp/ada/1' },
          personalFields: [{ path: 'secretRef', subjectId: ADA }],
        },
      ]);
      spec
        .given([...registered, ...enabled])
        .when({ type: 'EnableTotp', secretRef: 'vault:totp/ada/2', context: as(ADA) })
        .thenThrows('USER.TOTP_ALREADY_ENABLED');
      spec
        .given([...registered, ...enabled])
        .when({ type: 'DisableTotp', context: as(ADA) })
        .then([{ type: 'user.totpDisabled', schemaVersion: 1, data: { userId: ADA } }]);
      spec
        .given(registered)
        .when({ type: 'DisableTotp', context: as(ADA) })
        .thenThrows('USER.TOTP_NOT_ENABLED');
      spec
        .given(registered)
        .when({ type: 'EnableTotp', secretRef: 'vault:totp/ada/1', context: system() })
        .thenThrows('USER.FORBIDDEN');
    });
  });

  describe('consent', () => {
    const grant = (purpose: string, policyVersion = '2025-01'): UserCommand => ({
      type: 'GrantConsent',
      purpose,
      policyVersion,
      context: as(ADA),
    });

    it('records grants per purpose and policy version, and withdrawals', () => {
      const granted = spec.given(registered).when(grant('ai_content_generation')).thenEvents();
      expect(granted).toEqual([
        {
          type: 'user.consentGranted',
          schemaVersion: 1,
          data: { userId: ADA, purpose: 'ai_content_generation', policyVersion: '2025-01' },
        },
      ]);
      spec
        .given([...registered, ...granted])
        .when(grant('ai_content_generation'))
        .then([]);
      expect(
        spec
          .given([...registered, ...granted])
          .when(grant('ai_content_generation', '2025-06'))
          .thenEvents(),
      ).toHaveLength(1);
      spec
        .given([...registered, ...granted])
        .when({ type: 'WithdrawConsent', purpose: 'ai_content_generation', context: as(ADA) })
        .then([
          {
            type: 'user.consentWithdrawn',
            schemaVersion: 1,
            data: { userId: ADA, purpose: 'ai_content_generation' },
          },
        ]);
      spec
        .given(registered)
        .when({ type: 'WithdrawConsent', purpose: 'marketing_emails', context: as(ADA) })
        .then([]);
    });

    it('refuses unknown purposes, a missing policy version and consent given by someone else', () => {
      spec.given(registered).when(grant('selling_data')).thenThrows('USER.CONSENT_PURPOSE_INVALID');
      spec.given(registered).when(grant('marketing_emails', ' ')).thenThrows('VALIDATION.FAILED');
      spec
        .given(registered)
        .when({ type: 'GrantConsent', purpose: 'marketing_emails', policyVersion: '1', context: system() })
        .thenThrows('USER.FORBIDDEN');
    });
  });

  describe('data subject rights', () => {
    const exportCmd = (exportId: string, context = as(ADA)): UserCommand => ({
      type: 'RequestDataExport',
      exportId,
      context,
    });

    it('accepts one self-service export a day; compliance is not limited', () => {
      const first = spec.given(registered).when(exportCmd('exp-1')).thenEvents();
      expect(first).toEqual([
        {
          type: 'user.dataExportRequested',
          schemaVersion: 1,
          data: { userId: ADA, exportId: 'exp-1', requestedBy: ADA, requestedAt: NOW.toISOString() },
        },
      ]);
      spec
        .given([...registered, ...first])
        .when(exportCmd('exp-2', as(ADA, new Date(NOW.getTime() + 23 * HOUR))))
        .thenThrows('USER.EXPORT_TOO_FREQUENT');
      expect(
        spec
          .given([...registered, ...first])
          .when(exportCmd('exp-2', as(ADA, new Date(NOW.getTime() + 24 * HOUR))))
          .thenEvents(),
      ).toHaveLength(1);
      expect(
        spec
          .given([...registered, ...first])
          .when(exportCmd('exp-2', system()))
          .thenEvents(),
      ).toHaveLength(1);
    });

    it('freezes the account once erasure is requested: only its completion by the system proceeds', () => {
      spec
        .given(registered)
        .when({ type: 'RequestErasure', context: as('user-mallory') })
        .thenThrows('USER.FORBIDDEN');
      spec
        .given(registered)
        .when({ type: 'RequestErasure', context: as(ADA) })
        .then([erasureRequested]);
      const frozen = [...registered, erasureRequested];
      spec
        .given(frozen)
        .when({ type: 'ChangePassword', passwordHash: HASH, context: as(ADA) })
        .thenThrows('USER.ERASED');
      spec.given(frozen).when(exportCmd('exp-9')).thenThrows('USER.ERASED');
      spec
        .given(frozen)
        .when({ type: 'VerifyEmail', tokenHash: TOKEN, context: as(ADA) })
        .thenThrows('USER.ERASED');
      spec
        .given(frozen)
        .when({ type: 'RequestErasure', context: as(ADA) })
        .then([]);
      spec
        .given(frozen)
        .when({ type: 'CompleteErasure', context: as(ADA) })
        .thenThrows('USER.FORBIDDEN');
      spec
        .given(frozen)
        .when({ type: 'CompleteErasure', context: system() })
        .then([{ type: 'user.erased', schemaVersion: 1, data: { userId: ADA } }]);
      spec
        .given(registered)
        .when({ type: 'CompleteErasure', context: system() })
        .thenThrows('USER.ERASURE_NOT_REQUESTED');
    });

    it('accepts nothing after erasure, not even a new registration under the same id', () => {
      const gone: UserEvent[] = [
        ...registered,
        erasureRequested,
        { type: 'user.erased', schemaVersion: 1, data: { userId: ADA } },
      ];
      spec
        .given(gone)
        .when({ type: 'RequestErasure', context: as(ADA) })
        .thenThrows('USER.ERASED');
      spec.given(gone).when({ type: 'CompleteErasure', context: system() }).thenThrows('USER.ERASED');
      spec.given(gone).when(registerCmd()).thenThrows('USER.ALREADY_REGISTERED');
    });
  });
});
