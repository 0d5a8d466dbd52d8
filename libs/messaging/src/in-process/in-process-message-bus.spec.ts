import { describeMessageBusContract } from '../contract/message-bus.contract';
import { until } from '../contract/until';
import { InProcessMessageBus } from './in-process-message-bus';

describeMessageBusContract('in-process', {
  open: async () => new InProcessMessageBus(),
  close: (bus) => bus.close(),
  timeoutMs: 5000,
});

describe(InProcessMessageBus.name, () => {
  it('hands a partition to the remaining member when one leaves, from the committed offset', async () => {
    const sut = new InProcessMessageBus({ defaultPartitions: 2 });
    const seen: string[] = [];
    const handler = async (delivered: { value: string }) => {
      seen.push(delivered.value);
    };
    const a = await sut.consume({ groupId: 'g', topics: ['t'], handler });
    const b = await sut.consume({ groupId: 'g', topics: ['t'], handler });
    expect([a.assignment().t, b.assignment().t]).toEqual([[0], [1]]);
    await sut.publish([
      { topic: 't', messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `m${i}` })) },
    ]);
    await until(() => seen.length === 20, '20 handled');
    await b.stop();
    expect(a.assignment().t).toEqual([0, 1]);
    await sut.publish([
      { topic: 't', messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `n${i}` })) },
    ]);
    await until(() => seen.length === 40, '40 handled');
    expect(new Set(seen).size).toBe(40);
    await sut.close();
    await expect(sut.publish([{ topic: 't', messages: [{ key: 'k', value: 'v' }] }])).rejects.toMatchObject({
      code: 'MESSAGING.CLOSED',
    });
  });
});
