import { MAILER, OutboxMailer } from '@herald/mail';
import type { ReadStore } from '@herald/read-store';
import { tokenInMail } from '../../apps/api/src/identity/account-mails';
import { ONE_TIME_TOKENS_COLLECTION } from '../../apps/api/src/identity/one-time-tokens';
import { base32Decode, hotp, totpStep } from '../../apps/api/src/identity/totp';
import { READ_STORE } from '../../apps/api/src/infrastructure/read-store.module';
import { bootHeraldApi, errorCode, type HeraldApi } from './support/herald-api';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { userId access { token } } }`;
const LOGIN = `mutation ($input: LoginInput!) {
  login(input: $input) { userId sessionId refreshToken access { token } mfaChallenge { token expiresAt } }
}`;
const COMPLETE = `mutation ($input: CompleteLoginInput!) { completeLogin(input: $input) { sessionId access { token } } }`;
const ME = `{ me { userId sessionId organizationId role } }`;
const CREATE_ORG = `mutation ($name: String!) {
  createOrganization(input: { name: $name, timeZone: "Europe/Paris" }) { organizationId access { token } }
}`;

interface LoginResult {
  login: {
    userId: string;
    sessionId: string | null;
    refreshToken: string | null;
    access: { token: string } | null;
    mfaChallenge: { token: string; expiresAt: string } | null;
  };
}

let sequence = 0;
const newPerson = () => {
  sequence += 1;
  return {
    email: `person.${sequence}.${Date.now()}@example.com`,
    password: 'correct horse battery staple',
    name: 'Ada',
  };
};

describe('identity extras over GraphQL: email verification, password reset, TOTP, API keys', () => {
  let api: HeraldApi;
  let outbox: OutboxMailer;
  let readStore: ReadStore;

  beforeAll(async () => {
    api = await bootHeraldApi();
    outbox = api.app.get<OutboxMailer>(MAILER);
    readStore = api.app.get<ReadStore>(READ_STORE);
  });
  afterAll(() => api.close());

  async function register(person: ReturnType<typeof newPerson>): Promise<{ userId: string; token: string }> {
    const result = await api.call<{ register: { userId: string; access: { token: string } } }>(REGISTER, {
      input: person,
    });
    expect(result.errors).toBeUndefined();
    return { userId: result.data?.register.userId ?? '', token: result.data?.register.access.token ?? '' };
  }

  const login = (person: { email: string; password: string }) =>
    api.call<LoginResult>(LOGIN, { input: { email: person.email, password: person.password } });

  async function latestToken(email: string, subject: RegExp): Promise<string> {
    const mail = (await outbox.sentTo(email)).find((candidate) => subject.test(candidate.subject));
    const token = mail === undefined ? null : tokenInMail(mail.text);
    if (token === null) throw new Error(`no mail matching ${subject} for ${email}`);
    return token;
  }

  describe('email verification', () => {
    const VERIFY = `mutation ($token: String!) { verifyEmail(input: { token: $token }) }`;

    it('mails a link at sign-up that verifies once, and rejects a reused or superseded one', async () => {
      const person = newPerson();
      const { token } = await register(person);
      const first = await latestToken(person.email, /Confirm your email/);

      const again = await api.call<{ requestEmailVerification: boolean }>(
        `mutation { requestEmailVerification }`,
        {},
        token,
      );
      expect(again.data?.requestEmailVerification).toBe(true);
      const second = await latestToken(person.email, /Confirm your email/);
      expect(second).not.toBe(first);

      expect(errorCode(await api.call(VERIFY, { token: first }))).toBe('USER.VERIFICATION_INVALID');
      expect((await api.call<{ verifyEmail: boolean }>(VERIFY, { token: second })).data?.verifyEmail).toBe(
        true,
      );
      expect(errorCode(await api.call(VERIFY, { token: second }))).toBe('USER.VERIFICATION_INVALID');
      expect(errorCode(await api.call(`mutation { requestEmailVerification }`, {}, token))).toBe(
        'USER.EMAIL_ALREADY_VERIFIED',
      );
    });

    it('keeps the token out of the log', async () => {
      const person = newPerson();
      await register(person);
      const token = await latestToken(person.email, /Confirm your email/);
      expect(JSON.stringify(api.logs)).not.toContain(token);
    });
  });

  describe('password reset', () => {
    const REQUEST = `mutation ($email: String!) { requestPasswordReset(input: { email: $email }) }`;
    const RESET = `mutation ($token: String!, $password: String!) { resetPassword(input: { token: $token, newPassword: $password }) }`;

    it('answers the same for unknown addresses and mails nothing', async () => {
      const email = `nobody.${Date.now()}@example.com`;
      const result = await api.call<{ requestPasswordReset: boolean }>(REQUEST, { email });
      expect(result).toEqual({ data: { requestPasswordReset: true } });
      expect(await outbox.sentTo(email)).toEqual([]);
    });

    it('resets once, revokes every session, and refuses the old password and a reused token', async () => {
      const person = newPerson();
      const { token: session } = await register(person);
      expect((await api.call(REQUEST, { email: person.email })).errors).toBeUndefined();
      const reset = await latestToken(person.email, /Reset your Herald password/);

      const done = await api.call<{ resetPassword: boolean }>(RESET, {
        token: reset,
        password: 'a brand new passphrase',
      });
      expect(done.data?.resetPassword).toBe(true);

      expect(errorCode(await api.call(ME, {}, session))).toBe('AUTH.UNAUTHENTICATED');
      expect(errorCode(await login(person))).toBe('AUTH.INVALID_CREDENTIALS');
      expect(
        (await login({ email: person.email, password: 'a brand new passphrase' })).data?.login.access,
      ).not.toBeNull();
      expect(errorCode(await api.call(RESET, { token: reset, password: 'yet another passphrase' }))).toBe(
        'AUTH.TOKEN_INVALID',
      );
    });

    it('refuses an expired token', async () => {
      const person = newPerson();
      await register(person);
      await api.call(REQUEST, { email: person.email });
      const reset = await latestToken(person.email, /Reset your Herald password/);
      await readStore
        .collection(ONE_TIME_TOKENS_COLLECTION)
        .updateMany(
          { purpose: 'passwordReset' },
          { $set: { expiresAt: new Date(Date.now() - 1000).toISOString() } },
        );

      expect(errorCode(await api.call(RESET, { token: reset, password: 'a brand new passphrase' }))).toBe(
        'AUTH.TOKEN_EXPIRED',
      );
    });
  });

  describe('TOTP two-factor', () => {
    const ENABLE = `mutation { enableTotp { secret otpauthUri } }`;
    const CONFIRM = `mutation ($code: String!) { confirmTotp(input: { code: $code }) { recoveryCodes } }`;
    const DISABLE = `mutation ($code: String, $recovery: String) { disableTotp(input: { code: $code, recoveryCode: $recovery }) }`;

    /** Codes for the current step and the next one (accepted as drift), each usable once. */
    const codeAt = (secret: string, offset: number) =>
      hotp(base32Decode(secret), totpStep(new Date()) + offset);

    it('enables with a code, then demands a second step at login, rejecting wrong and replayed codes', async () => {
      const person = newPerson();
      const { token } = await register(person);
      const setup = await api.call<{ enableTotp: { secret: string; otpauthUri: string } }>(ENABLE, {}, token);
      expect(setup.errors).toBeUndefined();
      const secret = setup.data?.enableTotp.secret ?? '';
      expect(setup.data?.enableTotp.otpauthUri).toContain(`secret=${secret}`);

      expect(
        errorCode(
          await api.call(CONFIRM, { code: '000000' === codeAt(secret, 0) ? '111111' : '000000' }, token),
        ),
      ).toBe('AUTH.MFA_CODE_INVALID');
      const confirmed = await api.call<{ confirmTotp: { recoveryCodes: string[] } }>(
        CONFIRM,
        { code: codeAt(secret, 0) },
        token,
      );
      expect(confirmed.errors).toBeUndefined();
      const recoveryCodes = confirmed.data?.confirmTotp.recoveryCodes ?? [];
      expect(new Set(recoveryCodes).size).toBe(10);

      const first = (await login(person)).data?.login;
      expect(first?.access).toBeNull();
      expect(first?.sessionId).toBeNull();
      const challenge = first?.mfaChallenge?.token ?? '';
      expect(challenge.length).toBeGreaterThan(20);

      expect(
        errorCode(await api.call(COMPLETE, { input: { mfaChallenge: challenge, code: codeAt(secret, 0) } })),
      ).toBe('AUTH.MFA_CODE_INVALID');
      const next = codeAt(secret, 1);
      const completed = await api.call<{ completeLogin: { sessionId: string; access: { token: string } } }>(
        COMPLETE,
        {
          input: { mfaChallenge: challenge, code: next },
        },
      );
      expect(completed.errors).toBeUndefined();
      const access = completed.data?.completeLogin.access.token ?? '';
      expect((await api.call<{ me: { userId: string } }>(ME, {}, access)).data?.me.userId).toBeDefined();

      expect(errorCode(await api.call(COMPLETE, { input: { mfaChallenge: challenge, code: next } }))).toBe(
        'AUTH.TOKEN_INVALID',
      );
      const replayChallenge = (await login(person)).data?.login.mfaChallenge?.token ?? '';
      expect(
        errorCode(await api.call(COMPLETE, { input: { mfaChallenge: replayChallenge, code: next } })),
      ).toBe('AUTH.MFA_CODE_INVALID');

      // A recovery code signs in once.
      const recovered = await api.call(COMPLETE, {
        input: { mfaChallenge: replayChallenge, recoveryCode: recoveryCodes[0] },
      });
      expect(recovered.errors).toBeUndefined();
      const third = (await login(person)).data?.login.mfaChallenge?.token ?? '';
      expect(
        errorCode(
          await api.call(COMPLETE, { input: { mfaChallenge: third, recoveryCode: recoveryCodes[0] } }),
        ),
      ).toBe('AUTH.MFA_CODE_INVALID');

      // Disabling with another recovery code: the next login needs no second step.
      expect(
        (await api.call<{ disableTotp: boolean }>(DISABLE, { recovery: recoveryCodes[1] }, access)).data
          ?.disableTotp,
      ).toBe(true);
      expect((await login(person)).data?.login.access).not.toBeNull();
    });

    it('refuses confirmTotp without a pending setup', async () => {
      const { token } = await register(newPerson());
      expect(errorCode(await api.call(CONFIRM, { code: '123456' }, token))).toBe('AUTH.MFA_SETUP_REQUIRED');
    });
  });

  describe('API keys', () => {
    const CREATE = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name scopes revokedAt } } }`;
    const LIST = `{ apiKeys { id name scopes revokedAt } }`;
    const REVOKE = `mutation ($id: ID!) { revokeApiKey(apiKeyId: $id) }`;
    const POSTS = `{ posts { nextCursor } }`;

    async function adminOfNewOrganization(): Promise<{ organizationId: string; token: string }> {
      const { token } = await register(newPerson());
      const created = await api.call<{
        createOrganization: { organizationId: string; access: { token: string } };
      }>(CREATE_ORG, { name: 'Integrations Co' }, token);
      expect(created.errors).toBeUndefined();
      return {
        organizationId: created.data?.createOrganization.organizationId ?? '',
        token: created.data?.createOrganization.access.token ?? '',
      };
    }

    it('authenticates with the key in either header, enforces scopes, lists without secrets, and revokes', async () => {
      const admin = await adminOfNewOrganization();
      const created = await api.call<{
        createApiKey: { key: string; apiKey: { id: string; scopes: string[] } };
      }>(CREATE, { input: { name: 'zapier', scopes: ['organization:read'] } }, admin.token);
      expect(created.errors).toBeUndefined();
      const { key, apiKey } = created.data?.createApiKey ?? { key: '', apiKey: { id: '', scopes: [] } };
      expect(key).toMatch(new RegExp(`^hk_${apiKey.id}_[0-9a-f]{64}$`));

      const viaBearer = await api.call<{ me: { organizationId: string; role: string } }>(ME, {}, key);
      expect(viaBearer.data?.me).toMatchObject({ organizationId: admin.organizationId, role: 'admin' });
      const viaHeader = await api.call<{ me: { organizationId: string } }>(ME, {}, undefined, {
        'x-api-key': key,
      });
      expect(viaHeader.data?.me.organizationId).toBe(admin.organizationId);

      expect(errorCode(await api.call(POSTS, {}, key))).toBe('AUTH.SCOPE_MISSING');
      expect(errorCode(await api.call(LIST, {}, key))).toBe('AUTH.SCOPE_MISSING');
      expect(
        errorCode(await api.call(CREATE, { input: { name: 'escalate', scopes: ['posts:write'] } }, key)),
      ).toBe('AUTH.SCOPE_MISSING');

      const listed = await api.call<{ apiKeys: { id: string; name: string }[] }>(LIST, {}, admin.token);
      expect(listed.data?.apiKeys).toEqual([
        { id: apiKey.id, name: 'zapier', scopes: ['organization:read'], revokedAt: null },
      ]);
      expect(JSON.stringify(listed)).not.toContain(key.slice(-64));

      expect(
        (await api.call<{ revokeApiKey: boolean }>(REVOKE, { id: apiKey.id }, admin.token)).data
          ?.revokeApiKey,
      ).toBe(true);
      expect(errorCode(await api.call(ME, {}, key))).toBe('AUTH.UNAUTHENTICATED');
      expect(errorCode(await api.call(ME, {}, undefined, { 'x-api-key': key }))).toBe('AUTH.UNAUTHENTICATED');
    });

    it('rejects an expired key, a tampered secret, and creation by a non-member or with unknown scopes', async () => {
      const admin = await adminOfNewOrganization();
      const created = await api.call<{ createApiKey: { key: string } }>(
        CREATE,
        {
          input: {
            name: 'short',
            scopes: ['posts:read'],
            expiresAt: new Date(Date.now() + 1500).toISOString(),
          },
        },
        admin.token,
      );
      const key = created.data?.createApiKey.key ?? '';
      expect((await api.call(ME, {}, key)).errors).toBeUndefined();
      expect((await api.call(POSTS, {}, key)).errors).toBeUndefined();
      const tampered = `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`;
      expect(errorCode(await api.call(ME, {}, tampered))).toBe('AUTH.UNAUTHENTICATED');
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect(errorCode(await api.call(ME, {}, key))).toBe('AUTH.UNAUTHENTICATED');

      expect(
        errorCode(await api.call(CREATE, { input: { name: 'bad', scopes: ['everything'] } }, admin.token)),
      ).toBe('VALIDATION.FAILED');
      const { token: outsider } = await register(newPerson());
      expect(
        errorCode(await api.call(CREATE, { input: { name: 'x', scopes: ['posts:read'] } }, outsider)),
      ).toBe('AUTH.ORGANIZATION_REQUIRED');
    });
  });
});
