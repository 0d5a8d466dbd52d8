import { RecentConnectionStarts } from './recent-connection-starts';

const at = (minute: number): Date => new Date(Date.UTC(2026, 10, 24, 10, minute));
const start = (url: string, expiresAt: Date) => ({ authorizationUrl: url, expiresAt });

describe(RecentConnectionStarts.name, () => {
  it('answers a retry with the first start until that authorization expires', () => {
    const sut = new RecentConnectionStarts();
    sut.remember('k', start('https://x.test/a', at(10)), at(0));
    expect(sut.get('k', at(9))?.authorizationUrl).toBe('https://x.test/a');
    expect(sut.get('k', at(10))).toBeNull();
    expect(sut.get('other', at(1))).toBeNull();
  });

  it('forgets the oldest answers past its bound', () => {
    const sut = new RecentConnectionStarts(2);
    sut.remember('a', start('https://x.test/a', at(10)), at(0));
    sut.remember('b', start('https://x.test/b', at(10)), at(0));
    sut.remember('c', start('https://x.test/c', at(10)), at(0));
    expect(sut.get('a', at(1))).toBeNull();
    expect(sut.get('b', at(1))?.authorizationUrl).toBe('https://x.test/b');
    expect(sut.get('c', at(1))?.authorizationUrl).toBe('https://x.test/c');
  });
});
