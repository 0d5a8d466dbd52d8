import { randomUUID } from 'node:crypto';
import type { Collection, ReadStore } from '@herald/read-store';
import type { Mailer, MailMessage } from '../mailer.port';

export const MAIL_OUTBOX_COLLECTION = 'mailOutbox';

export interface OutboxMail {
  _id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  queuedAt: string;
}

export interface OutboxLogger {
  log(message: string): void;
}

/**
 * Embedded default when no SMTP server is configured: mails land in a read-store collection an
 * operator (or a test) can read, and the log says one was written. The log line names only the
 * recipient and subject: bodies carry single-use tokens, and logs travel further than the store.
 */
export class OutboxMailer implements Mailer {
  private readonly mails: Collection<OutboxMail>;

  constructor(
    readStore: ReadStore,
    private readonly logger: OutboxLogger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.mails = readStore.collection<OutboxMail>(MAIL_OUTBOX_COLLECTION);
  }

  async send(message: MailMessage): Promise<void> {
    const mail: OutboxMail = {
      _id: randomUUID(),
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      queuedAt: this.now().toISOString(),
    };
    await this.mails.insertOne(mail);
    this.logger.log(
      `mail to ${mail.to} written to the outbox (${MAIL_OUTBOX_COLLECTION}/${mail._id}): ${mail.subject}`,
    );
  }

  /** Mails to one address, newest first. */
  async sentTo(to: string): Promise<OutboxMail[]> {
    return this.mails.find({ to }, { sort: { queuedAt: -1 } });
  }
}
