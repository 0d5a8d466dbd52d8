import { escapeGlob, matchesChannelPattern } from './channel-pattern';

describe(matchesChannelPattern.name, () => {
  it.each([
    ['posts.*', 'posts.1', true],
    ['posts.*', 'posts.', true],
    ['posts.*', 'posts', false],
    ['*', '', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['posts.?', 'posts.1', true],
    ['posts.?', 'posts.12', false],
    ['[ab]x', 'bx', true],
    ['[ab]x', 'cx', false],
    ['[^ab]x', 'cx', true],
    ['[^ab]x', 'ax', false],
    ['[a-c]', 'b', true],
    ['[c-a]', 'b', true],
    ['[a-c]', 'd', false],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['[\\]]', ']', true],
    ['posts.1', 'posts.1', true],
    ['posts.1', 'posts.10', false],
  ])('%s against %s is %s', (pattern, channel, expected) => {
    expect(matchesChannelPattern(pattern, channel)).toBe(expected);
  });

  it('makes an escaped literal match only itself', () => {
    const literal = 'herald:[test]*?\\';
    const pattern = `${escapeGlob(literal)}*`;
    expect(matchesChannelPattern(pattern, `${literal}posts`)).toBe(true);
    expect(matchesChannelPattern(pattern, 'herald:tposts')).toBe(false);
  });
});
