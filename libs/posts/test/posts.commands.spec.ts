import { isHeraldError } from '@herald/shared-kernel';
import {
  DraftPostCommand,
  DuplicatePostCommand,
  type PostContent,
  postStreamId,
  RecordPublishFailureCommand,
  RecordPublishSuccessCommand,
  SchedulePostCommand,
  StartPublishAttemptCommand,
  SubmitPostForApprovalCommand,
  type TargetAccountFacts,
} from '../src';
import { ORG_ID, type PostsHarness, request, startPosts } from './posts-harness';

const EDITOR = request({ kind: 'user', id: 'editor-1' });
const PUBLISHER = request({ kind: 'system', id: 'publisher' });
const DUE = '2026-03-12T09:00:00.000Z';
const content: PostContent = { text: 'Spring launch on Thursday', title: null, media: [], hashtags: ['launch'], mentions: [], links: [] };
const xTarget: TargetAccountFacts = { accountId: 'acct-x', platform: 'x', accountStatus: 'active', dailyCap: 10, scheduledThatDay: 0 };

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isHeraldError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('post commands on the embedded event store', () => {
  let sut: PostsHarness;
  beforeEach(async () => {
    sut = await startPosts();
  });
  afterEach(async () => {
    await sut.close();
  });

  const draft = () => sut.bus.execute(new DraftPostCommand(ORG_ID, 'editor', content, {}, EDITOR));
  const schedule = (postId: string, at = DUE, approvalRequired = false) =>
    sut.bus.execute(new SchedulePostCommand(postId, 'editor', at, 'Europe/Paris', null, [xTarget], approvalRequired, { limit: 30, scheduledPosts: 0 }, EDITOR));
  const types = async (postId: string) => (await sut.store.readStream(postStreamId(postId))).map((e) => e.type);

  it('drafts, schedules and publishes a post once, each event carrying who did it', async () => {
    const { postId } = await draft();
    await schedule(postId);
    sut.clock.set(new Date(DUE));
    const ticket = await sut.bus.execute(new StartPublishAttemptCommand(postId, 'acct-x', 0, null, PUBLISHER));
    expect(ticket.attemptNumber).toBe(1);
    await sut.bus.execute(new RecordPublishSuccessCommand(postId, 'acct-x', ticket.attemptId, 'tweet-1', 'https://x.com/h/status/1', PUBLISHER));

    const events = await sut.store.readStream(postStreamId(postId));
    expect(events.map((e) => e.type)).toEqual(['post.drafted', 'post.scheduled', 'post.publishAttemptStarted', 'post.publishSucceeded', 'post.publishingCompleted']);
    expect(events[0].metadata).toMatchObject({ tenantId: ORG_ID, actor: { kind: 'user', id: 'editor-1' } });
    expect(events[2].metadata.actor).toEqual({ kind: 'system', id: 'publisher' });
  });

  it('a second attempt for a published target is refused and appends nothing', async () => {
    const { postId } = await draft();
    await schedule(postId);
    sut.clock.set(new Date(DUE));
    const ticket = await sut.bus.execute(new StartPublishAttemptCommand(postId, 'acct-x', 0, null, PUBLISHER));
    await sut.bus.execute(new RecordPublishSuccessCommand(postId, 'acct-x', ticket.attemptId, 'tweet-1', null, PUBLISHER));
    const before = await sut.store.headPosition();

    expect(await rejection(sut.bus.execute(new StartPublishAttemptCommand(postId, 'acct-x', 0, null, PUBLISHER)))).toBe('POST.ALREADY_PUBLISHED');
    expect(await sut.store.headPosition()).toBe(before);
  });

  it('a publisher retrying its start with the same idempotency key gets the same attempt and appends once', async () => {
    const { postId } = await draft();
    await schedule(postId);
    sut.clock.set(new Date(DUE));
    const keyed = { ...PUBLISHER, idempotencyKey: `${postId}:acct-x:0:start` };
    const first = await sut.bus.execute(new StartPublishAttemptCommand(postId, 'acct-x', 0, null, keyed));
    const second = await sut.bus.execute(new StartPublishAttemptCommand(postId, 'acct-x', 0, null, keyed));
    expect(second).toEqual(first);
    expect((await types(postId)).filter((t) => t === 'post.publishAttemptStarted')).toHaveLength(1);
  });

  it('a transient failure is recorded with its retry time', async () => {
    const { postId } = await draft();
    await schedule(postId);
    sut.clock.set(new Date(DUE));
    const ticket = await sut.bus.execute(new StartPublishAttemptCommand(postId, 'acct-x', 0, null, PUBLISHER));
    const outcome = await sut.bus.execute(new RecordPublishFailureCommand(postId, 'acct-x', ticket.attemptId, 'transient', 'X answered 503', null, PUBLISHER));
    expect(outcome).toMatchObject({ targetStatus: 'pending', retryAt: '2026-03-12T09:01:00.000Z' });
  });

  it('scheduling in the past is refused and appends nothing', async () => {
    const { postId } = await draft();
    expect(await rejection(schedule(postId, '2026-03-09T09:00:00.000Z'))).toBe('POST.SCHEDULED_IN_PAST');
    expect(await types(postId)).toEqual(['post.drafted']);
  });

  it('scheduling an unapproved post is refused when the organization requires approval', async () => {
    const { postId } = await draft();
    await sut.bus.execute(new SubmitPostForApprovalCommand(postId, 'editor', EDITOR));
    expect(await rejection(schedule(postId, DUE, true))).toBe('POST.APPROVAL_REQUIRED');
    expect(await types(postId)).toEqual(['post.drafted', 'post.submittedForApproval']);
  });

  it("duplicating records it on the source and drafts the copy with the source's content", async () => {
    const { postId } = await draft();
    const copy = await sut.bus.execute(new DuplicatePostCommand(postId, 'editor', EDITOR));
    expect(copy.postId).not.toBe(postId);
    expect(await types(postId)).toEqual(['post.drafted', 'post.duplicated']);
    const [drafted] = await sut.store.readStream(postStreamId(copy.postId));
    expect(drafted.data).toMatchObject({ duplicatedFrom: postId, content, organizationId: ORG_ID });
  });

  it('a duplication retried with the same idempotency key makes one copy', async () => {
    const { postId } = await draft();
    const keyed = { ...EDITOR, idempotencyKey: 'duplicate-click-1' };
    const first = await sut.bus.execute(new DuplicatePostCommand(postId, 'editor', keyed));
    const second = await sut.bus.execute(new DuplicatePostCommand(postId, 'editor', keyed));
    expect(second.postId).toBe(first.postId);
    expect(await types(postId)).toEqual(['post.drafted', 'post.duplicated']);
  });

  it('a viewer cannot draft, and nothing is appended', async () => {
    const head = await sut.store.headPosition();
    expect(await rejection(sut.bus.execute(new DraftPostCommand(ORG_ID, 'viewer', content, {}, EDITOR)))).toBe('POST.FORBIDDEN');
    expect(await sut.store.headPosition()).toBe(head);
  });
});
