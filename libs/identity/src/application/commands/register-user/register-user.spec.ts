import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isErasedValue } from '@herald/event-store';
import { type IdentityHarness, request, startIdentity } from '../../../../test/identity-harness';
import { ChangePasswordCommand } from '../change-password/change-password.command';
import { GrantConsentCommand } from '../grant-consent/grant-consent.command';
import { RequestErasureCommand } from '../request-erasure/request-erasure.command';
import { VerifyEmailCommand } from '../verify-email/verify-email.command';
import { RegisterUserCommand } from './register-user.command';

const HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const EMAIL = 'ada.lovelace@example.com';

describe(RegisterUserCommand.name, () => {
  let sut: IdentityHarness;
  beforeEach(async () => {
    sut = await startIdentity();
  });
  afterEach(() => sut.close());

  const register = (extra = {}) =>
    sut.bus.execute(
      new RegisterUserCommand(
        EMAIL,
        'Ada Lovelace',
        HASH,
        sha256('verify-token'),
        request({ kind: 'system', id: 'signup' }, extra),
      ),
    );
  const asUser = (userId: string) => request({ kind: 'user', id: userId });

  it('registers a user whose personal data is encrypted under their own key and tagged with them as subject', async () => {
    const { userId, revision } = await register();
    expect(revision).toBe(1);

    const events = await sut.store.readStream(`user-${userId}`);
    expect(events[0].data).toEqual({ userId, email: EMAIL, name: 'Ada Lovelace', passwordHash: HASH });
    expect(events.map((event) => event.metadata.subjectIds)).toEqual([[userId], [userId]]);
    expect(events.every((event) => event.metadata.tenantId === null)).toBe(true);

    const files = readdirSync(sut.dir).filter((name) => name.startsWith('events.sqlite'));
    const onDisk = files.map((name) => readFileSync(join(sut.dir, name)).toString('latin1')).join('');
    expect(onDisk).toContain(userId);
    expect(onDisk).not.toContain(EMAIL);
    expect(onDisk).not.toContain('Lovelace');
  });

  it('reads the personal data back as erased once the subject key is forgotten', async () => {
    const { userId } = await register();
    await sut.keyVault.forget(userId);
    const [registered] = await sut.store.readStream(`user-${userId}`);
    const data = registered.data as Record<string, unknown>;
    expect(isErasedValue(data.email)).toBe(true);
    expect(isErasedValue(data.name)).toBe(true);
    expect(data.userId).toBe(userId);
  });

  it('registers once per idempotency key', async () => {
    const first = await register({ idempotencyKey: 'signup-form-1' });
    expect(await register({ idempotencyKey: 'signup-form-1' })).toEqual(first);
    expect(await sut.store.headPosition()).toBe(2);
  });

  it('runs verification, consent and erasure, then refuses changes without appending', async () => {
    const { userId } = await register();
    await sut.bus.execute(
      new VerifyEmailCommand(userId, sha256('verify-token'), request({ kind: 'user', id: 'anonymous' })),
    );
    await sut.bus.execute(
      new GrantConsentCommand(userId, 'ai_content_generation', '2025-01', asUser(userId)),
    );
    await expect(
      sut.bus.execute(new GrantConsentCommand(userId, 'marketing_emails', '2025-01', asUser('user-mallory'))),
    ).rejects.toMatchObject({ code: 'USER.FORBIDDEN' });
    await sut.bus.execute(new RequestErasureCommand(userId, asUser(userId)));

    const before = await sut.store.readStream(`user-${userId}`);
    expect(before.map((event) => event.type)).toEqual([
      'user.registered',
      'user.emailVerificationRequested',
      'user.emailVerified',
      'user.consentGranted',
      'user.erasureRequested',
    ]);
    await expect(
      sut.bus.execute(new ChangePasswordCommand(userId, HASH, asUser(userId))),
    ).rejects.toMatchObject({
      code: 'USER.ERASED',
    });
    expect(await sut.store.readStream(`user-${userId}`)).toHaveLength(before.length);
  });
});
