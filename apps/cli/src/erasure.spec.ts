import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { isErasedValue } from '@herald/event-store';
import { userStreamId } from '@herald/identity';
import { agentTasksProjection, taskEvents } from '@herald/projections/agent-tasks';
import { auditProjection } from '@herald/projections/audit';
import { uuidV7Generator } from '@herald/shared-kernel';
import { READ_STORE_FILE } from '../../api/src/infrastructure/data-files';
import { EmailDirectory } from '../../api/src/identity/email-directory';
import { SESSIONS_COLLECTION } from '../../api/src/identity/session-store';
import { EXIT } from './commands/cli-command';
import { CliFixture, metadata, newEvent } from './testing/cli-fixture';

const EMAIL = 'maria.plaintext@example.org';
const NAME = 'Maria Plaintextova';
const COMMENT = 'Maria Plaintextova disliked every draft';
const IP = '203.0.113.77';
const USER_AGENT = 'PlaintextBrowser/9.9';
const DIGEST = 'digest-of-maria';

function readStoreBytes(dataDir: string): string {
  return ['', '-wal']
    .map((suffix) => path.join(dataDir, READ_STORE_FILE + suffix))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('');
}

const PLAINTEXT = [EMAIL, NAME, COMMENT, IP, USER_AGENT];

describe('herald erase / export', () => {
  let fixture: CliFixture;
  const userId = uuidV7Generator.next();
  const organizationId = uuidV7Generator.next();
  const taskId = uuidV7Generator.next();

  beforeEach(async () => {
    fixture = new CliFixture();
    await fixture.withStores(async ({ store, readStore }) => {
      const origin = { ip: IP, userAgent: USER_AGENT };
      await store.append(
        userStreamId(userId),
        [
          newEvent(
            {
              type: 'user.registered',
              schemaVersion: 1,
              data: { userId, email: EMAIL, name: NAME, passwordHash: 'scrypt$hash' },
              personalFields: ['email', 'name', 'passwordHash'].map((field) => ({ path: field, subjectId: userId })),
            },
            metadata(userId, { ...origin, subjectIds: [userId] }),
          ),
        ],
        { expectedRevision: 'no_stream' },
      );
      const inOrganization = metadata(userId, { ...origin, tenantId: organizationId });
      await store.append(
        `agentTask-${taskId}`,
        [
          newEvent(taskEvents.requested(taskId, organizationId, 'content_creator', userId), inOrganization),
          newEvent(taskEvents.completed(taskId, 'gpt-x', 10, 20, 30), inOrganization),
          newEvent(taskEvents.feedback(taskId, 2, COMMENT, userId), { ...inOrganization, subjectIds: [userId] }),
        ],
        { expectedRevision: 'no_stream' },
      );
      const directory = new EmailDirectory(readStore);
      await directory.claim(DIGEST, new Date());
      await directory.activate(DIGEST, userId);
      await readStore.collection(SESSIONS_COLLECTION).insertOne({ userId, ip: IP, userAgent: USER_AGENT });
    });
    await fixture.project([auditProjection, agentTasksProjection]);
  });

  afterEach(() => fixture.remove());

  it('exports the decrypted personal data before erasure', async () => {
    const result = await fixture.run('export', userId);
    expect(result.code).toBe(EXIT.ok);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
    expect(events.map((event) => event.type)).toEqual(['user.registered', 'agentTask.feedbackGiven']);
    expect(events[0].data).toMatchObject({ email: EMAIL, name: NAME });
    expect(events[1].data).toMatchObject({ comment: COMMENT });
    expect(readStoreBytes(fixture.dataDir)).toContain(COMMENT);
  });

  it('erases end to end: erased in the log, the address free again, no plaintext in the read store', async () => {
    const result = await fixture.run('erase', userId, '--reason', 'GDPR art. 17 request #42', '--json');
    expect(result).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({
      userId,
      statusBefore: 'active',
      erasureRequested: true,
      keyForgotten: true,
      erasedEventAppended: true,
      readModels: [
        { name: 'email directory', recordsCleared: 1 },
        { name: 'sessions and refresh tokens', recordsCleared: 1 },
        { name: 'audit request origins', recordsCleared: 4 },
        { name: 'agent task feedback comments', recordsCleared: 1 },
      ],
    });

    await fixture.withStores(async ({ store, readStore }) => {
      const events = await store.readStream(userStreamId(userId));
      expect(events.map((event) => event.type)).toEqual(['user.registered', 'user.erasureRequested', 'user.erased']);
      const registered = events[0].data as Record<string, unknown>;
      expect(isErasedValue(registered.email) && isErasedValue(registered.name)).toBe(true);
      expect((await store.readStream(`erasure-${userId}`))[0].data).toMatchObject({ reason: 'GDPR art. 17 request #42' });
      // The address can register again.
      await expect(new EmailDirectory(readStore).claim(DIGEST, new Date())).resolves.toBeUndefined();
    });

    const exported = await fixture.run('export', userId);
    expect(exported.stdout).toContain('"erased":true');
    for (const text of PLAINTEXT) expect(exported.stdout).not.toContain(text);

    // The audit projection's own user.erased handling and a later run must not bring anything back.
    await fixture.project([auditProjection, agentTasksProjection]);
    const bytes = readStoreBytes(fixture.dataDir);
    for (const text of PLAINTEXT) expect(bytes).not.toContain(text);

    const verified = await fixture.run('verify', '--all', '--json');
    expect(verified.code).toBe(EXIT.ok);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, streamsChecked: 3, broken: [] });
  });

  it('is harmless to run twice', async () => {
    expect((await fixture.run('erase', userId, '--reason', 'first')).code).toBe(EXIT.ok);
    const again = await fixture.run('erase', userId, '--reason', 'second', '--json');
    expect(again.code).toBe(EXIT.ok);
    expect(JSON.parse(again.stdout)).toMatchObject({
      statusBefore: 'erased',
      erasureRequested: false,
      keyForgotten: false,
      erasedEventAppended: false,
    });
    await fixture.withStores(async ({ store }) => {
      expect((await store.readStream(userStreamId(userId))).map((event) => event.type)).toEqual([
        'user.registered',
        'user.erasureRequested',
        'user.erased',
      ]);
      expect(await store.readStream(`erasure-${userId}`)).toHaveLength(1);
    });
  });

  it('refuses an unknown user and a missing reason', async () => {
    expect(await fixture.run('erase', uuidV7Generator.next(), '--reason', 'x')).toMatchObject({
      code: EXIT.error,
      stderr: expect.stringMatching(/^USER\.NOT_FOUND: /),
    });
    expect(await fixture.run('erase', userId)).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringMatching(/erase needs --reason/),
    });
  });
});
