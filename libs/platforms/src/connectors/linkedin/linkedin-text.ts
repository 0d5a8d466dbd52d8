/**
 * Post commentary is in LinkedIn's "little text format": `| { } @ [ ] ( ) < > # \ * _ ~` are
 * markup and must be backslash-escaped, or LinkedIn silently cuts the text at the first one. A
 * hashtag is written as the template `{hashtag|\#|tag}` so it stays a hashtag.
 * Source: https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format (checked 2026-11-24).
 */
const RESERVED = /[|{}@[\]()<>#\\*_~]/g;
const HASHTAG = /(^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu;
const PLACEHOLDER = '\u0000';

export function toLittleText(text: string): string {
  const tags: string[] = [];
  const marked = text.replace(HASHTAG, (_, before: string, tag: string) => {
    tags.push(tag);
    return `${before}${PLACEHOLDER}`;
  });
  let index = 0;
  const escaped = marked.replace(RESERVED, (char) => `\\${char}`);
  return escaped.replace(new RegExp(PLACEHOLDER, 'g'), () => {
    const tag = tags[index++].replace(RESERVED, (char) => `\\${char}`);
    return `{hashtag|\\#|${tag}}`;
  });
}

/** The plain text a reader sees, for matching a post LinkedIn echoes back against what was sent. */
export function fromLittleText(text: string): string {
  return text
    .replace(/\{hashtag\|\\#\|((?:\\.|[^}])*)\}/g, (_, tag: string) => `#${tag}`)
    .replace(/@\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\(.)/g, '$1');
}
