import { EmbeddedReadStore } from '@herald/read-store';
import { OutboxMailer } from './outbox-mailer';

describe(OutboxMailer.name, () => {
  let store: EmbeddedReadStore;
  const lines: string[] = [];
  let sut: OutboxMailer;

  beforeEach(() => {
    lines.length = 0;
    store = EmbeddedReadStore.open({ filename: ':memory:' });
    let tick = 0;
    sut = new OutboxMailer(
      store,
      { log: (line) => lines.push(line) },
      () => new Date(Date.UTC(2030, 0, 1, 0, 0, tick++)),
    );
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps each mail queryable by recipient, newest first', async () => {
    await sut.send({ to: 'ada@example.com', subject: 'first', text: 'one' });
    await sut.send({ to: 'bob@example.com', subject: 'other', text: 'x' });
    await sut.send({ to: 'ada@example.com', subject: 'second', text: 'two', html: '<p>two</p>' });

    const mails = await sut.sentTo('ada@example.com');
    expect(mails.map((mail) => [mail.subject, mail.text, mail.html])).toEqual([
      ['second', 'two', '<p>two</p>'],
      ['first', 'one', null],
    ]);
  });

  it('logs that a mail was written without its body', async () => {
    await sut.send({ to: 'ada@example.com', subject: 'Verify', text: 'token SECRET-TOKEN-123' });

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ada@example.com');
    expect(lines[0]).not.toContain('SECRET-TOKEN-123');
  });
});
