import type { RecordedEvent } from '@herald/event-store';
import { agentTaskProgressOf, PostStatusTracker } from './event-to-realtime';

const ORG = '0190b1d6-0000-7000-8000-00000000000a';
const POST = '0190b1d6-0000-7000-8000-0000000000f1';
const USER = '0190b1d6-0000-7000-8000-0000000000u1';

let position = 0;
function recorded(
  streamId: string,
  revision: number,
  type: string,
  data: unknown,
  tenantId: string | null = ORG,
): RecordedEvent {
  position += 1;
  return {
    id: `event-${position}`,
    type,
    schemaVersion: 1,
    streamId,
    revision,
    globalPosition: position,
    occurredAt: `2026-03-01T10:00:${String(position % 60).padStart(2, '0')}.000Z`,
    data,
    metadata: {
      tenantId,
      actor: { kind: 'user', id: USER },
      correlationId: 'c',
      causationId: null,
      subjectIds: [],
      prevHash: '',
      hash: '',
    },
    personalFields: [],
  };
}

const content = { text: 'Hello', title: null, media: [], hashtags: [], mentions: [], links: [] };
const drafted = () =>
  recorded(`post-${POST}`, 0, 'post.drafted', {
    postId: POST,
    organizationId: ORG,
    authorId: USER,
    content,
    variants: {},
    duplicatedFrom: null,
    draftedAt: '2026-03-01T10:00:00.000Z',
  });
const submitted = (revision: number) =>
  recorded(`post-${POST}`, revision, 'post.submittedForApproval', {
    submittedBy: USER,
    submittedAt: '2026-03-01T10:01:00.000Z',
  });
const edited = (revision: number) =>
  recorded(`post-${POST}`, revision, 'post.edited', {
    content,
    variants: {},
    editedBy: USER,
    editedAt: '2026-03-01T10:02:00.000Z',
  });

describe(PostStatusTracker.name, () => {
  it('reports each status change with the status before it, folding incrementally', async () => {
    const readStream = jest.fn(async () => []);
    const sut = new PostStatusTracker({ readStream });

    expect(await sut.messageFor(drafted())).toMatchObject({
      kind: 'postStatus',
      organizationId: ORG,
      postId: POST,
      status: 'draft',
      previousStatus: null,
      eventType: 'post.drafted',
    });
    expect(await sut.messageFor(submitted(1))).toMatchObject({
      status: 'in_review',
      previousStatus: 'draft',
    });
    expect(await sut.messageFor(edited(2))).toMatchObject({ status: 'draft', previousStatus: 'in_review' });
    expect(readStream).not.toHaveBeenCalled();
  });

  it('reads the stream up to the event for a post it has not followed', async () => {
    const history = [drafted(), submitted(1)];
    const readStream = jest.fn(async () => history);
    const sut = new PostStatusTracker({ readStream });

    expect(await sut.messageFor(edited(2))).toMatchObject({ status: 'draft', previousStatus: 'in_review' });
    expect(readStream).toHaveBeenCalledWith(`post-${POST}`, { toRevision: 1 });
  });

  it('stays silent when an event leaves the status as it was', async () => {
    const sut = new PostStatusTracker({ readStream: async () => [] });
    await sut.messageFor(drafted());
    expect(await sut.messageFor(edited(1))).toBeNull();
  });

  it('ignores events outside any organization', async () => {
    const sut = new PostStatusTracker({ readStream: async () => [] });
    const tenantless = recorded(`post-${POST}`, 0, 'post.drafted', drafted().data, null);
    expect(await sut.messageFor(tenantless)).toBeNull();
  });
});

describe(agentTaskProgressOf.name, () => {
  const TASK = '0190b1d6-0000-7000-8000-0000000000a1';

  it('maps progress events to the status they leave the task in, with the step for a recorded step', () => {
    expect(
      agentTaskProgressOf(recorded(`agentTask-${TASK}`, 1, 'agentTask.started', { taskId: TASK })),
    ).toMatchObject({
      taskId: TASK,
      status: 'running',
      stepName: null,
    });
    expect(
      agentTaskProgressOf(
        recorded(`agentTask-${TASK}`, 2, 'agentTask.stepRecorded', { name: 'research', summary: '3 trends' }),
      ),
    ).toMatchObject({ status: 'running', stepName: 'research', stepSummary: '3 trends' });
    expect(agentTaskProgressOf(recorded(`agentTask-${TASK}`, 3, 'agentTask.completed', {}))).toMatchObject({
      status: 'completed',
    });
  });

  it('ignores feedback, other streams and tenantless events', () => {
    expect(agentTaskProgressOf(recorded(`agentTask-${TASK}`, 4, 'agentTask.feedbackGiven', {}))).toBeNull();
    expect(agentTaskProgressOf(recorded(`post-${TASK}`, 0, 'agentTask.started', {}))).toBeNull();
    expect(agentTaskProgressOf(recorded(`agentTask-${TASK}`, 0, 'agentTask.started', {}, null))).toBeNull();
  });
});
