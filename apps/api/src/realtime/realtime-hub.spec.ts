import { MemoryPubSub } from '@herald/coordination';
import { HeraldError } from '@herald/shared-kernel';
import { MAX_BUFFERED_MESSAGES, RealtimeHub } from './realtime-hub';
import { channelOf, realtimeChannels, toJson, type AgentTaskProgressMessage } from './realtime.messages';

const ORG_A = '0190b1d6-0000-7000-8000-00000000000a';
const ORG_B = '0190b1d6-0000-7000-8000-00000000000b';

const progress = (organizationId: string, taskId: string, status = 'running'): AgentTaskProgressMessage => ({
  kind: 'agentTaskProgress',
  organizationId,
  taskId,
  status,
  eventType: 'agentTask.started',
  eventId: `event-${taskId}-${status}`,
  stepName: null,
  stepSummary: null,
  position: 1,
  occurredAt: '2026-03-01T10:00:00.000Z',
});

describe(RealtimeHub.name, () => {
  let pubSub: MemoryPubSub;
  let sut: RealtimeHub;

  beforeEach(() => {
    pubSub = new MemoryPubSub();
    sut = new RealtimeHub(pubSub);
  });

  const publish = (message: AgentTaskProgressMessage) => pubSub.publish(channelOf(message), toJson(message));

  it('yields the selected messages of its own channel only, in publish order', async () => {
    const iterator = await sut.iterate(realtimeChannels.agentTasks(ORG_A), (message) =>
      message.kind === 'agentTaskProgress' && message.taskId !== 'skip' ? message.taskId : null,
    );
    await publish(progress(ORG_B, 'other-tenant'));
    await publish(progress(ORG_A, 'first'));
    await publish(progress(ORG_A, 'skip'));
    await publish(progress(ORG_A, 'second'));

    expect(await iterator.next()).toEqual({ value: 'first', done: false });
    expect(await iterator.next()).toEqual({ value: 'second', done: false });
    await iterator.return?.();
  });

  it('hands a message to a waiting consumer and ends pending reads on return', async () => {
    const iterator = await sut.iterate(realtimeChannels.agentTasks(ORG_A), (message) => message.kind);
    const pending = iterator.next();
    await publish(progress(ORG_A, 'task'));
    expect(await pending).toEqual({ value: 'agentTaskProgress', done: false });

    const waiting = iterator.next();
    await iterator.return?.();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('shares one broker subscription per channel and drops it with the last listener', async () => {
    const subscribe = jest.spyOn(pubSub, 'subscribe');
    const first = await sut.iterate(realtimeChannels.agentTasks(ORG_A), (message) => message.kind);
    const second = await sut.iterate(realtimeChannels.agentTasks(ORG_A), (message) => message.kind);
    expect(subscribe).toHaveBeenCalledTimes(1);

    await first.return?.();
    await publish(progress(ORG_A, 'still-heard'));
    expect(await second.next()).toEqual({ value: 'agentTaskProgress', done: false });

    await second.return?.();
    const third = await sut.iterate(realtimeChannels.agentTasks(ORG_A), (message) => message.kind);
    expect(subscribe).toHaveBeenCalledTimes(2);
    await third.return?.();
  });

  it('ends a subscription that falls too far behind instead of buffering without bound', async () => {
    const iterator = await sut.iterate(realtimeChannels.agentTasks(ORG_A), (message) => message.kind);
    let delivered = 0;
    let allDelivered: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allDelivered = resolve));
    const stop = await sut.listen(realtimeChannels.agentTasks(ORG_A), () => {
      delivered += 1;
      if (delivered > MAX_BUFFERED_MESSAGES) allDelivered();
    });
    for (let index = 0; index <= MAX_BUFFERED_MESSAGES; index += 1)
      await publish(progress(ORG_A, `task-${index}`));
    await done;
    stop();

    const failure = await iterator.next().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HeraldError);
    expect((failure as HeraldError).code).toBe('RATE_LIMIT.EXCEEDED');
  });

  it('ignores a malformed message on the channel', async () => {
    const iterator = await sut.iterate(realtimeChannels.agentTasks(ORG_A), (message) => message.kind);
    await pubSub.publish(realtimeChannels.agentTasks(ORG_A), { kind: 'agentTaskProgress' });
    await publish(progress(ORG_A, 'valid'));
    expect(await iterator.next()).toEqual({ value: 'agentTaskProgress', done: false });
    await iterator.return?.();
  });
});
