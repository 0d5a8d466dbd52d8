import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORY_TOPICS } from './category-topics';
import { deadLetterTopic } from '../topics';

const root = path.resolve(__dirname, '../../../..');
const doc = readFileSync(path.join(root, 'docs/asyncapi.yaml'), 'utf8');

/** Every `DomainEvent<'type', …>` declared by a bounded context's `*.events.ts`. */
function declaredEventTypes(): string[] {
  const libs = path.join(root, 'libs');
  return readdirSync(libs).flatMap((lib) => {
    const domain = path.join(libs, lib, 'src', 'domain');
    let files: string[];
    try {
      files = readdirSync(domain).filter((file) => file.endsWith('.events.ts'));
    } catch {
      return [];
    }
    return files.flatMap((file) =>
      [
        ...readFileSync(path.join(domain, file), 'utf8').matchAll(/DomainEvent<\s*'([A-Za-z]+\.[A-Za-z]+)'/g),
      ].map((match) => match[1]),
    );
  });
}

/** The text of one channel, from its key to the next channel key. */
function channelBlock(topic: string): string {
  const start = doc.indexOf(`\n  ${topic}:\n`);
  if (start < 0) return '';
  const rest = doc.slice(start + 1);
  const next = rest.slice(1).search(/\n {2}[A-Za-z][\w.-]*:\n|\ncomponents:/);
  return next < 0 ? rest : rest.slice(0, next + 1);
}

describe('docs/asyncapi.yaml', () => {
  it.each(Object.entries(CATEGORY_TOPICS))(
    'documents the channel of category %s (%s) and its dead-letter topic',
    (_, topic) => {
      expect(channelBlock(topic)).not.toBe('');
      expect(channelBlock(deadLetterTopic(topic))).toContain("'#/components/messages/DeadLetter'");
    },
  );

  const types = declaredEventTypes();

  it('finds the domain event declarations it checks', () => {
    expect(types.length).toBeGreaterThan(40);
  });

  it.each(types)('documents %s as a message of its category topic', (type) => {
    expect(doc).toContain(`\n    ${type}:\n      name: ${type}\n`);
    expect(doc).toContain(`type: { const: ${type} }`);
    const topic = CATEGORY_TOPICS[type.slice(0, type.indexOf('.'))];
    expect(topic).toBeDefined();
    expect(channelBlock(topic)).toContain(`'#/components/messages/${type}'`);
  });
});
