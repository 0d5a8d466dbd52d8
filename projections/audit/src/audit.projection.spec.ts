import type { AgentTaskFeedbackGiven } from '@herald/agent-tasks';
import type { UserErased, UserRegistered } from '@herald/identity';
import type { OrganizationMemberInvited } from '@herald/organizations';
import { accountEvents, content, organizationEvents, postEvents, ProjectionTestBed } from '@herald/projections/support';
import { auditProjection } from './audit.projection';
import { auditQueries, type AuditEntry, type AuditQueries } from './audit.queries';

const ORG = 'org-a';
const OTHER_ORG = 'org-b';
const ALICE = 'user-alice';
const browser = { ip: '203.0.113.7', userAgent: 'Firefox/140' };

const registered: UserRegistered = {
  type: 'user.registered',
  schemaVersion: 1,
  data: { userId: ALICE, email: 'alice@example.com', name: 'Alice Martin', passwordHash: 'argon2id$secret-hash' },
  personalFields: ['email', 'name', 'passwordHash'].map((path) => ({ path, subjectId: ALICE })),
};
const invited: OrganizationMemberInvited = {
  type: 'organization.memberInvited',
  schemaVersion: 1,
  data: { organizationId: ORG, invitationId: 'inv-1', email: 'bob@example.com', role: 'editor', invitedBy: ALICE, tokenHash: 'sha256-of-token', expiresAt: '2030-01-08T00:00:00.000Z' },
  personalFields: [{ path: 'email', subjectId: 'inv-1' }],
};
const feedback: AgentTaskFeedbackGiven = {
  type: 'agentTask.feedbackGiven',
  schemaVersion: 1,
  data: { taskId: 'task-1', rating: 4, comment: 'Bob from sales loved it', used: true, givenBy: ALICE },
  personalFields: [{ path: 'comment', subjectId: ALICE }],
};
const erased: UserErased = { type: 'user.erased', schemaVersion: 1, data: { userId: ALICE } };

const describeEntry = (entry: AuditEntry): string => `${entry.position} ${entry.action} ${entry.resourceType}/${entry.resourceId} by ${entry.actorKind}:${entry.actorId}`;

describe(auditProjection.name, () => {
  let bed: ProjectionTestBed;
  let sut: AuditQueries;

  beforeAll(async () => {
    bed = await ProjectionTestBed.open([auditProjection], { start: '2030-01-01T00:00:00.000Z' });
    await bed.append(`user-${ALICE}`, [registered], { tenantId: null, actor: { kind: 'user', id: ALICE }, ...browser, requestId: 'req-1' });
    await bed.append(`organization-${ORG}`, [organizationEvents.created(ORG), invited], { tenantId: ORG, actor: { kind: 'user', id: ALICE }, ...browser, correlationId: 'corr-setup' });
    await bed.append(`organization-${OTHER_ORG}`, [organizationEvents.created(OTHER_ORG)], { tenantId: OTHER_ORG, actor: { kind: 'user', id: 'user-carol' } });
    await bed.append('socialAccount-acc-1', [accountEvents.connected('acc-1', ORG, 'instagram')], { tenantId: ORG, actor: { kind: 'user', id: ALICE }, ...browser });
    await bed.append('post-p1', [postEvents.drafted('p1', ORG, content('Spring launch'))], { tenantId: ORG, actor: { kind: 'user', id: ALICE }, ...browser, correlationId: 'corr-post' });
    await bed.append('post-p1', [postEvents.scheduled('2030-02-01T09:00:00.000Z', 'Europe/Paris', [{ accountId: 'acc-1', platform: 'instagram' }])], {
      tenantId: ORG,
      actor: { kind: 'agent', id: 'smart-scheduler' },
      correlationId: 'corr-post',
      causationId: 'cause-1',
    });
    await bed.append('agentTask-task-1', [feedback], { tenantId: ORG, actor: { kind: 'user', id: ALICE }, ...browser });
    await bed.start();
    await bed.caughtUp();
    sut = auditQueries(bed.catalog);
  });

  afterAll(async () => {
    await bed.close();
  });

  it("lists a tenant's trail newest first with actor, action, resource, causation and origin", async () => {
    const page = await sut.list({ organizationId: ORG });
    expect(page.items.map(describeEntry)).toEqual([
      '8 agentTask.feedbackGiven agentTask/task-1 by user:user-alice',
      '7 post.scheduled post/p1 by agent:smart-scheduler',
      '6 post.drafted post/p1 by user:user-alice',
      '5 socialAccount.connected socialAccount/acc-1 by user:user-alice',
      '3 organization.memberInvited organization/org-a by user:user-alice',
      '2 organization.created organization/org-a by user:user-alice',
    ]);
    expect(page.items[1]).toMatchObject({ organizationId: ORG, correlationId: 'corr-post', causationId: 'cause-1', origin: { ip: null, userAgent: null, erased: false } });
    expect(page.items[2]).toMatchObject({ origin: { ...browser, erased: false }, streamId: 'post-p1', revision: 0, schemaVersion: 1 });
    expect(page.items[2].hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await sut.list({ organizationId: OTHER_ORG })).items.map(describeEntry)).toEqual(['4 organization.created organization/org-b by user:user-carol']);
  });

  it('copies non-personal summary fields and never a personal value', async () => {
    const invitation = (await sut.list({ organizationId: ORG, actions: 'organization.memberInvited' })).items[0];
    expect(invitation.summary).toEqual({ organizationId: ORG, invitationId: 'inv-1', role: 'editor', invitedBy: ALICE, expiresAt: '2030-01-08T00:00:00.000Z' });
    expect(invitation).toMatchObject({ personalFields: ['email'], subjectIds: ['inv-1'], dataFields: ['email', 'expiresAt', 'invitationId', 'invitedBy', 'organizationId', 'role', 'tokenHash'] });
    const rated = (await sut.list({ organizationId: ORG, resourceType: 'agentTask' })).items[0];
    expect(rated.summary).toEqual({ taskId: 'task-1', rating: 4, used: true, givenBy: ALICE });
    const everything = JSON.stringify(await bed.documents('audit', 'entries'));
    for (const personal of ['alice@example.com', 'Alice Martin', 'secret-hash', 'bob@example.com', 'sha256-of-token', 'access-secret', 'refresh-secret', 'Bob from sales', 'ext-acc-1', 'Acme Brand', 'Spring launch']) {
      expect(everything).not.toContain(personal);
    }
  });

  it('filters by actor, resource, correlation id, action and time range', async () => {
    const positions = (entries: { items: readonly AuditEntry[] }) => entries.items.map((entry) => entry.position);
    expect(positions(await sut.list({ organizationId: ORG, actorId: 'smart-scheduler' }))).toEqual([7]);
    expect(positions(await sut.list({ organizationId: ORG, actorKind: 'user', resourceType: 'post' }))).toEqual([6]);
    expect(positions(await sut.list({ organizationId: ORG, resourceType: 'post', resourceId: 'p1', order: 'asc' }))).toEqual([6, 7]);
    expect(positions(await sut.list({ organizationId: ORG, correlationId: 'corr-setup' }))).toEqual([3, 2]);
    expect(positions(await sut.list({ organizationId: OTHER_ORG, correlationId: 'corr-setup' }))).toEqual([]);
    const all = (await sut.list({ organizationId: ORG })).items;
    const occurredAt = (position: number): string => all.find((entry) => entry.position === position)?.occurredAt as string;
    expect(positions(await sut.list({ organizationId: ORG, from: occurredAt(5), to: occurredAt(7) }))).toEqual([6, 5]);
  });

  it('pages with a cursor and serves the platform-level trail only when asked for explicitly', async () => {
    const first = await sut.list({ organizationId: ORG, limit: 4 });
    expect(first.items).toHaveLength(4);
    const second = await sut.list({ organizationId: ORG, limit: 4, after: first.nextCursor });
    expect(second.items.map((entry) => entry.position)).toEqual([3, 2]);
    expect(second.nextCursor).toBeNull();
    expect((await sut.list({ organizationId: null })).items.map(describeEntry)).toEqual(['1 user.registered user/user-alice by user:user-alice']);
    const eventId = first.items[0].eventId;
    expect(await sut.get({ organizationId: ORG, eventId })).toMatchObject({ position: 8 });
    expect(await sut.get({ organizationId: OTHER_ORG, eventId })).toBeNull();
  });

  it("forgets an erased user's request origins, and rebuilds identical entries after a restart", async () => {
    await bed.append(`user-${ALICE}`, [erased], { tenantId: null, actor: { kind: 'system', id: 'erasure' } });
    await bed.restart();
    const mine = await sut.list({ organizationId: ORG, actorId: ALICE });
    expect(mine.items.length).toBe(5);
    for (const entry of mine.items) expect(entry.origin).toEqual({ ip: null, userAgent: null, erased: true });
    expect(JSON.stringify(await bed.documents('audit', 'entries'))).not.toContain(browser.ip);
    expect((await sut.list({ organizationId: OTHER_ORG })).items[0].origin.erased).toBe(false);
    const platform = await sut.list({ organizationId: null });
    expect(platform.items.map(describeEntry)).toEqual(['9 user.erased user/user-alice by system:erasure', '1 user.registered user/user-alice by user:user-alice']);
    const live = await bed.snapshot();
    await bed.rebuild(auditProjection.name);
    expect(await bed.snapshot()).toEqual(live);
    await bed.replayFromStart(auditProjection.name);
    expect(await bed.snapshot()).toEqual(live);
  });

  it('refuses an unnamed tenant and an empty time range', async () => {
    await expect(sut.list({ organizationId: '' })).rejects.toMatchObject({ code: 'VALIDATION.FAILED', details: { field: 'organizationId' } });
    await expect(sut.list({ organizationId: ORG, from: '2030-01-02T00:00:00.000Z', to: '2030-01-01T00:00:00.000Z' })).rejects.toMatchObject({ details: { field: 'to' } });
  });
});
