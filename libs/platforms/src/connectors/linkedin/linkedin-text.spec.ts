import { fromLittleText, toLittleText } from './linkedin-text';

describe('LinkedIn little text format', () => {
  it('escapes every reserved character and keeps hashtags as hashtag templates', () => {
    expect(toLittleText('Launch (beta) @ 50% off *today* #herald_app [v2] <3 ~ok | {x} \\')).toBe(
      'Launch \\(beta\\) \\@ 50% off \\*today\\* {hashtag|\\#|herald\\_app} \\[v2\\] \\<3 \\~ok \\| \\{x\\} \\\\',
    );
    expect(toLittleText('C# and a#b are not hashtags, #Ünïcode is')).toBe(
      'C\\# and a\\#b are not hashtags, {hashtag|\\#|Ünïcode} is',
    );
  });

  it('reads LinkedIn’s echo back as the plain text that was posted', () => {
    const text = 'Launch (beta) #herald_app *now* C# \\o/';
    expect(fromLittleText(toLittleText(text))).toBe(text);
    expect(fromLittleText('Thanks @[Jane Doe](urn:li:person:123)!')).toBe('Thanks Jane Doe!');
  });
});
