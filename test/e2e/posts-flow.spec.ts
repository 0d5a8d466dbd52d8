import { FakePlatformServer } from '@herald/platforms';
import { bootHeraldApi, errorCode, type HeraldApi } from './support/herald-api';
import type { ExecutionResult } from './support/graphql-client';

const PLATFORM_VARIABLES = /^(X|FACEBOOK|INSTAGRAM|LINKEDIN|TIKTOK|YOUTUBE)_|^PLATFORM_TIMEOUT_MS$/;
const PASSWORD = 'correct horse battery staple';

const POST_FIELDS = `postId revision pending post {
  id status text hashtags authorId duplicatedFrom
  schedule { at timeZone occurrence }
  targets { accountId platform status }
  approval { approvedBy note }
}`;
const DRAFT = `mutation ($input: DraftPostInput!, $key: String) { draftPost(input: $input, idempotencyKey: $key) { ${POST_FIELDS} } }`;
const EDIT = `mutation ($input: EditPostInput!) { editPost(input: $input) { ${POST_FIELDS} } }`;
const SUBMIT = `mutation ($id: ID!) { submitPostForApproval(id: $id) { ${POST_FIELDS} } }`;
const APPROVE = `mutation ($id: ID!) { approvePost(id: $id, note: "ship it") { ${POST_FIELDS} } }`;
const REJECT = `mutation ($id: ID!) { rejectPost(id: $id, reason: "no") { ${POST_FIELDS} } }`;
const SCHEDULE = `mutation ($input: SchedulePostInput!) { schedulePost(input: $input) { ${POST_FIELDS} } }`;
const RESCHEDULE = `mutation ($input: ReschedulePostInput!) { reschedulePost(input: $input) { ${POST_FIELDS} } }`;
const CANCEL = `mutation ($id: ID!) { cancelPostSchedule(id: $id, reason: "campaign moved") { ${POST_FIELDS} } }`;
const PUBLISH_NOW = `mutation ($input: PublishPostNowInput!) { publishPostNow(input: $input) { ${POST_FIELDS} } }`;
const DUPLICATE = `mutation ($id: ID!) { duplicatePost(id: $id) { ${POST_FIELDS} } }`;
const DELETE = `mutation ($id: ID!) { deletePost(id: $id) { ${POST_FIELDS} } }`;
const BULK = `mutation ($input: BulkScheduleInput!) {
  bulkSchedulePosts(input: $input) {
    scheduled failed
    items { index postId ok error { code message field } result { post { id status schedule { at } } } }
  }
}`;
const POST = `query ($id: ID!) { post(id: $id) { id status text } }`;
const POSTS = `query ($status: [PostStatus!], $search: String, $after: String, $limit: Int) {
  posts(status: $status, search: $search, after: $after, limit: $limit) { items { id status } nextCursor }
}`;
const CALENDAR = `query ($date: String!, $timeZone: String) {
  calendar(view: MONTH, date: $date, timeZone: $timeZone) {
    view timeZone days { date entries { postId accountId localDate localTime status scheduledTimeZone } }
  }
}`;
const WEBHOOK = `mutation ($input: ConnectWebhookAccountInput!) { connectWebhookAccount(input: $input) { accountId } }`;

interface PostData {
  id: string;
  status: string;
  text: string;
  duplicatedFrom: string | null;
  schedule: { at: string; timeZone: string; occurrence: number } | null;
  targets: { accountId: string; platform: string; status: string }[];
  approval: { approvedBy: string; note: string | null } | null;
}
interface Payload {
  postId: string;
  revision: number | null;
  pending: boolean;
  post: PostData | null;
}
interface Member {
  token: string;
  organizationId: string;
}

describe('Posts and calendar over GraphQL', () => {
  let api: HeraldApi;
  let platform: FakePlatformServer;
  const savedEnv = { ...process.env };
  let people = 0;
  const nextYear = new Date().getUTCFullYear() + 1;

  beforeAll(async () => {
    platform = await FakePlatformServer.start();
    for (const name of Object.keys(process.env)) if (PLATFORM_VARIABLES.test(name)) delete process.env[name];
    Object.assign(process.env, {
      X_CLIENT_ID: 'x-client',
      X_CLIENT_SECRET: 'x-secret',
      X_API_BASE_URL: platform.url,
      X_AUTHORIZE_URL: `${platform.url}/i/oauth2/authorize`,
      PLATFORM_TIMEOUT_MS: '2000',
    });
    api = await bootHeraldApi();
  });

  afterAll(async () => {
    await api?.close();
    await platform?.close();
    process.env = savedEnv;
  });

  async function ok<Data>(query: string, variables: Record<string, unknown>, token: string): Promise<Data> {
    const result = await api.call<Data>(query, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data as Data;
  }

  async function register(): Promise<{ email: string; token: string }> {
    people += 1;
    const email = `author.${people}@example.com`;
    const data = await ok<{ register: { access: { token: string } } }>(
      `mutation ($input: RegisterInput!) { register(input: $input) { access { token } } }`,
      { input: { email, password: PASSWORD, name: `Author ${people}` } },
      '',
    );
    return { email, token: data.register.access.token };
  }

  async function organization(requiresApproval: boolean): Promise<Member> {
    const admin = await register();
    const created = await ok<{ createOrganization: { organizationId: string; access: { token: string } } }>(
      `mutation { createOrganization(input: { name: "Acme", timeZone: "Europe/Paris" }) { organizationId access { token } } }`,
      {},
      admin.token,
    );
    const member = { token: created.createOrganization.access.token, organizationId: created.createOrganization.organizationId };
    if (requiresApproval) {
      await ok(
        `mutation ($input: UpdateOrganizationSettingsInput!) { updateOrganizationSettings(input: $input) { revision } }`,
        { input: { organizationId: member.organizationId, requiresApproval: true } },
        member.token,
      );
    }
    await api.caughtUp();
    return member;
  }

  async function invite(admin: Member, role: string): Promise<Member> {
    const person = await register();
    const invited = await ok<{ inviteMember: { invitationId: string; invitationToken: string } }>(
      `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { invitationId invitationToken } }`,
      { input: { organizationId: admin.organizationId, email: person.email, role } },
      admin.token,
    );
    const joined = await ok<{ acceptInvitation: { access: { token: string } } }>(
      `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { access { token } } }`,
      {
        input: {
          organizationId: admin.organizationId,
          invitationId: invited.inviteMember.invitationId,
          token: invited.inviteMember.invitationToken,
        },
      },
      person.token,
    );
    return { token: joined.acceptInvitation.access.token, organizationId: admin.organizationId };
  }

  async function webhookAccount(member: Member, name: string): Promise<string> {
    const data = await ok<{ connectWebhookAccount: { accountId: string } }>(
      WEBHOOK,
      { input: { kind: 'generic', url: `https://hooks.example.com/${name}`, name, signingSecret: 'a-long-enough-signing-secret' } },
      member.token,
    );
    await api.caughtUp();
    return data.connectWebhookAccount.accountId;
  }

  async function draft(member: Member, text: string): Promise<string> {
    const data = await ok<{ draftPost: Payload }>(DRAFT, { input: { text, hashtags: ['launch'] } }, member.token);
    return data.draftPost.postId;
  }

  async function approved(member: Member, text: string): Promise<string> {
    const id = await draft(member, text);
    await ok(SUBMIT, { id }, member.token);
    await ok(APPROVE, { id }, member.token);
    return id;
  }

  it('drafts, approves, schedules, shows in the calendar, reschedules, bulk-schedules, cancels and duplicates', async () => {
    const admin = await organization(true);
    const accountId = await webhookAccount(admin, 'launches');

    const drafted = (
      await ok<{ draftPost: Payload }>(
        DRAFT,
        { input: { text: 'Spring launch', hashtags: ['launch'] }, key: 'draft-spring' },
        admin.token,
      )
    ).draftPost;
    expect(drafted).toMatchObject({ pending: false, post: { status: 'draft', text: 'Spring launch' } });
    const postId = drafted.postId;
    // The same idempotency key answers the first result and drafts nothing new.
    const replay = (await ok<{ draftPost: Payload }>(DRAFT, { input: { text: 'Spring launch', hashtags: ['launch'] }, key: 'draft-spring' }, admin.token)).draftPost;
    expect(replay.postId).toBe(postId);

    // Approval is required: scheduling a draft is refused with the domain's code.
    const at = `${nextYear}-11-30T22:30:00.000Z`;
    const early = await api.call(SCHEDULE, { input: { postId, at, timeZone: 'Asia/Tokyo', accountIds: [accountId] } }, admin.token);
    expect(errorCode(early)).toBe('POST.APPROVAL_REQUIRED');

    expect((await ok<{ submitPostForApproval: Payload }>(SUBMIT, { id: postId }, admin.token)).submitPostForApproval.post?.status).toBe('awaiting_approval');
    const approval = (await ok<{ approvePost: Payload }>(APPROVE, { id: postId }, admin.token)).approvePost;
    expect(approval.post).toMatchObject({ status: 'approved', approval: { note: 'ship it' } });

    const scheduled = (await ok<{ schedulePost: Payload }>(SCHEDULE, { input: { postId, at, timeZone: 'Asia/Tokyo', accountIds: [accountId] } }, admin.token)).schedulePost;
    expect(scheduled).toMatchObject({
      pending: false,
      post: { status: 'scheduled', schedule: { at, timeZone: 'Asia/Tokyo' }, targets: [{ accountId, platform: 'webhook', status: 'pending' }] },
    });

    // 22:30 UTC on 30 November is 07:30 on 1 December in Tokyo: the month view cuts days locally.
    const december = await ok<{ calendar: { timeZone: string; days: { date: string; entries: { postId: string; localDate: string; localTime: string }[] }[] } }>(
      CALENDAR,
      { date: `${nextYear}-12-15`, timeZone: 'Asia/Tokyo' },
      admin.token,
    );
    expect(december.calendar.days).toHaveLength(31);
    const firstOfDecember = december.calendar.days.find((day) => day.date === `${nextYear}-12-01`);
    expect(firstOfDecember?.entries).toEqual([expect.objectContaining({ postId, accountId, localDate: `${nextYear}-12-01`, localTime: '07:30' })]);
    // In the organization's zone (Paris, UTC+1 in winter) the same instant is still 30 November.
    const november = await ok<{ calendar: { timeZone: string; days: { date: string; entries: { postId: string }[] }[] } }>(CALENDAR, { date: `${nextYear}-11-01` }, admin.token);
    expect(november.calendar.timeZone).toBe('Europe/Paris');
    expect(november.calendar.days.find((day) => day.date === `${nextYear}-11-30`)?.entries.map((e) => e.postId)).toEqual([postId]);

    const movedAt = `${nextYear}-05-02T07:00:00.000Z`;
    const moved = (await ok<{ reschedulePost: Payload }>(RESCHEDULE, { input: { postId, at: movedAt, timeZone: 'Europe/Paris' } }, admin.token)).reschedulePost;
    expect(moved.post).toMatchObject({ status: 'scheduled', schedule: { at: movedAt, timeZone: 'Europe/Paris' } });

    // Bulk: one item is valid, one is in the past; each says what became of it.
    const second = await approved(admin, 'Second wave');
    const third = await approved(admin, 'Third wave');
    const bulk = await ok<{ bulkSchedulePosts: { scheduled: number; failed: number; items: { index: number; postId: string; ok: boolean; error: { code: string; field: string | null } | null; result: { post: { status: string } } | null }[] } }>(
      BULK,
      {
        input: {
          items: [
            { postId: second, at: `${nextYear}-06-01T09:00:00Z`, timeZone: 'Europe/Paris', accountIds: [accountId] },
            { postId: third, at: '2001-01-01T09:00:00Z', timeZone: 'Europe/Paris', accountIds: [accountId] },
          ],
        },
      },
      admin.token,
    );
    expect(bulk.bulkSchedulePosts).toMatchObject({ scheduled: 1, failed: 1 });
    expect(bulk.bulkSchedulePosts.items[0]).toMatchObject({ index: 0, postId: second, ok: true, error: null, result: { post: { status: 'scheduled' } } });
    expect(bulk.bulkSchedulePosts.items[1]).toMatchObject({ index: 1, postId: third, ok: false, result: null, error: { code: 'POST.SCHEDULED_IN_PAST' } });
    expect((await ok<{ post: { status: string } }>(POST, { id: third }, admin.token)).post.status).toBe('approved');

    const cancelled = (await ok<{ cancelPostSchedule: Payload }>(CANCEL, { id: postId }, admin.token)).cancelPostSchedule;
    expect(cancelled.post?.status).not.toBe('scheduled');
    expect(cancelled.post?.schedule).toBeNull();

    const copy = (await ok<{ duplicatePost: Payload }>(DUPLICATE, { id: postId }, admin.token)).duplicatePost;
    expect(copy.postId).not.toBe(postId);
    expect(copy.post).toMatchObject({ status: 'draft', text: 'Spring launch', duplicatedFrom: postId });

    const scheduledList = await ok<{ posts: { items: { id: string }[] } }>(POSTS, { status: ['scheduled'] }, admin.token);
    expect(scheduledList.posts.items.map((item) => item.id)).toEqual([second]);
    const found = await ok<{ posts: { items: { id: string }[] } }>(POSTS, { search: 'wave' }, admin.token);
    expect(found.posts.items.map((item) => item.id).sort()).toEqual([second, third].sort());
  });

  it('pages through posts with a cursor', async () => {
    const admin = await organization(false);
    const ids = [await draft(admin, 'one'), await draft(admin, 'two'), await draft(admin, 'three')];
    const first = await ok<{ posts: { items: { id: string }[]; nextCursor: string | null } }>(POSTS, { limit: 2 }, admin.token);
    expect(first.posts.items).toHaveLength(2);
    expect(first.posts.nextCursor).not.toBeNull();
    const rest = await ok<{ posts: { items: { id: string }[]; nextCursor: string | null } }>(POSTS, { limit: 2, after: first.posts.nextCursor }, admin.token);
    expect(rest.posts.nextCursor).toBeNull();
    expect([...first.posts.items, ...rest.posts.items].map((item) => item.id).sort()).toEqual([...ids].sort());
  });

  it('lets viewers read but not write, and refuses approval by editors', async () => {
    const admin = await organization(true);
    const viewer = await invite(admin, 'viewer');
    const editor = await invite(admin, 'editor');
    expect(errorCode(await api.call(DRAFT, { input: { text: 'hi' } }, viewer.token))).toBe('AUTH.FORBIDDEN');
    const id = await draft(editor, 'by the editor');
    await ok(SUBMIT, { id }, editor.token);
    expect(errorCode(await api.call(APPROVE, { id }, editor.token))).toBe('AUTH.FORBIDDEN');
    expect((await ok<{ post: { id: string } }>(POST, { id }, viewer.token)).post.id).toBe(id);
  });

  it("answers NOT_FOUND for another organization's post on every operation taking its id", async () => {
    const owner = await organization(false);
    const ownerAccount = await webhookAccount(owner, 'owner');
    const theirs = await draft(owner, 'not yours');
    await ok(SCHEDULE, { input: { postId: theirs, at: `${nextYear}-07-01T09:00:00Z`, timeZone: 'UTC', accountIds: [ownerAccount] } }, owner.token);
    const other = await organization(false);
    const otherAccount = await webhookAccount(other, 'other');

    const attempts: [string, Record<string, unknown>][] = [
      [POST, { id: theirs }],
      [EDIT, { input: { postId: theirs, text: 'mine now' } }],
      [SUBMIT, { id: theirs }],
      [APPROVE, { id: theirs }],
      [REJECT, { id: theirs }],
      [SCHEDULE, { input: { postId: theirs, at: `${nextYear}-07-02T09:00:00Z`, timeZone: 'UTC', accountIds: [otherAccount] } }],
      [RESCHEDULE, { input: { postId: theirs, at: `${nextYear}-07-03T09:00:00Z`, timeZone: 'UTC' } }],
      [CANCEL, { id: theirs }],
      [PUBLISH_NOW, { input: { postId: theirs, accountIds: [otherAccount] } }],
      [DUPLICATE, { id: theirs }],
      [DELETE, { id: theirs }],
    ];
    for (const [query, variables] of attempts) {
      const result = await api.call(query, variables, other.token);
      expect({ query: query.slice(0, 40), code: errorCode(result) }).toEqual({ query: query.slice(0, 40), code: 'NOT_FOUND' });
    }
    const bulk = await ok<{ bulkSchedulePosts: { items: { error: { code: string } | null }[] } }>(
      BULK,
      { input: { items: [{ postId: theirs, at: `${nextYear}-07-02T09:00:00Z`, timeZone: 'UTC', accountIds: [otherAccount] }] } },
      other.token,
    );
    expect(bulk.bulkSchedulePosts.items[0].error?.code).toBe('NOT_FOUND');
    // Nor may a post of one's own be scheduled on another organization's account.
    const mine = await draft(other, 'mine');
    expect(errorCode(await api.call(SCHEDULE, { input: { postId: mine, at: `${nextYear}-07-02T09:00:00Z`, timeZone: 'UTC', accountIds: [ownerAccount] } }, other.token))).toBe('NOT_FOUND');
    // The owner's post is untouched.
    expect((await ok<{ post: { status: string; text: string } }>(POST, { id: theirs }, owner.token)).post).toEqual({ id: theirs, status: 'scheduled', text: 'not yours' });
  });

  it('answers VALIDATION.FAILED naming the field', async () => {
    const admin = await organization(false);
    const media = Array.from({ length: 11 }, (_, index) => ({ url: `https://cdn.example.com/${index}.jpg`, type: 'image', mimeType: 'image/jpeg', sizeBytes: 1000 }));
    const tooMany = await api.call(DRAFT, { input: { text: 'gallery', media } }, admin.token);
    expect(errorCode(tooMany)).toBe('VALIDATION.FAILED');
    expect(tooMany.errors?.[0].extensions).toMatchObject({ details: { field: 'media' } });
    expect(tooMany.errors?.[0].message).toContain('at most 10 media items');

    const id = await draft(admin, 'zoned');
    const badZone = await api.call(RESCHEDULE, { input: { postId: id, at: `${nextYear}-01-01T00:00:00Z`, timeZone: 'Mars/Olympus' } }, admin.token);
    expect(badZone.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION.FAILED', details: { field: 'timeZone' } });
    const badUrl = await api.call(DRAFT, { input: { text: 'x', media: [{ ...media[0], url: 'ftp://cdn.example.com/a.jpg' }] } }, admin.token);
    expect(errorCode(badUrl)).toBe('VALIDATION.FAILED');
    expect(badUrl.errors?.[0].message).toContain('https URL');
  });

  it("refuses a schedule beyond the account's daily cap with the posts domain's code", async () => {
    const admin = await organization(false);
    await ok(
      `mutation ($input: UpdateOrganizationSettingsInput!) { updateOrganizationSettings(input: $input) { revision } }`,
      { input: { organizationId: admin.organizationId, dailyCaps: [{ platform: 'x', cap: 1 }] } },
      admin.token,
    );
    const xAccount = await connectX(admin);
    const first = await draft(admin, 'first of the day');
    const second = await draft(admin, 'second of the day');
    const day = (hour: string) => `${nextYear}-08-10T${hour}:00:00Z`;
    const firstScheduled = await ok<{ schedulePost: Payload }>(SCHEDULE, { input: { postId: first, at: day('08'), timeZone: 'UTC', accountIds: [xAccount] } }, admin.token);
    expect(firstScheduled.schedulePost.post?.status).toBe('scheduled');
    const refused: ExecutionResult<unknown> = await api.call(SCHEDULE, { input: { postId: second, at: day('15'), timeZone: 'UTC', accountIds: [xAccount] } }, admin.token);
    expect(errorCode(refused)).toBe('POST.DAILY_CAP_REACHED');
    expect(refused.errors?.[0].extensions).toMatchObject({ details: { accountId: xAccount, limit: 1, actual: 1 } });
    // Moving the first post within its own day does not count it against itself.
    const moved = await ok<{ reschedulePost: Payload }>(RESCHEDULE, { input: { postId: first, at: day('16'), timeZone: 'UTC' } }, admin.token);
    expect(moved.reschedulePost.post?.schedule?.at).toBe(new Date(day('16')).toISOString());
    // Another day is free.
    const nextDay = await ok<{ schedulePost: Payload }>(SCHEDULE, { input: { postId: second, at: `${nextYear}-08-11T08:00:00Z`, timeZone: 'UTC', accountIds: [xAccount] } }, admin.token);
    expect(nextDay.schedulePost.post?.status).toBe('scheduled');
  });

  async function connectX(admin: Member): Promise<string> {
    platform.on('POST', '/2/oauth2/token', {
      json: { token_type: 'bearer', access_token: 'x-access', refresh_token: 'x-refresh', expires_in: 7200, scope: 'tweet.read tweet.write users.read offline.access' },
    });
    platform.on('GET', '/2/users/me', { json: { data: { id: '4242', username: 'acme', name: 'Acme' } } });
    const started = await ok<{ startAccountConnection: { authorizationUrl: string } }>(
      `mutation { startAccountConnection(platform: x) { authorizationUrl } }`,
      {},
      admin.token,
    );
    const state = new URL(started.startAccountConnection.authorizationUrl).searchParams.get('state') ?? '';
    const base = new URL(api.url).origin;
    const response = await fetch(`${base}/oauth/x/callback?${new URLSearchParams({ code: 'consent', state })}`, { redirect: 'manual' });
    const connected = new URL(response.headers.get('location') ?? '').searchParams.get('connected');
    expect(connected).toEqual(expect.any(String));
    await api.caughtUp();
    return connected ?? '';
  }
});
