import { SingleFlight } from './single-flight';

describe(SingleFlight.name, () => {
  it('runs concurrent calls for one key once and separate keys separately', async () => {
    const sut = new SingleFlight<number>();
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const work = (key: string, value: number) => async () => {
      calls.push(key);
      await gate;
      return value;
    };
    const results = Promise.all([
      sut.run('a', work('a', 1)),
      sut.run('a', work('a', 2)),
      sut.run('b', work('b', 3)),
    ]);
    expect(sut.size).toBe(2);
    release();
    expect(await results).toEqual([1, 1, 3]);
    expect(calls).toEqual(['a', 'b']);
    expect(sut.size).toBe(0);
  });

  it('forgets a failure so the next call runs again', async () => {
    const sut = new SingleFlight<number>();
    await expect(sut.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await sut.run('a', async () => 7)).toBe(7);
  });
});
