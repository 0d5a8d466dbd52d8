import type { MailMessage } from '@herald/mail';

/** Account mails. Links point at the web app, which posts the token to the matching mutation. */
export class AccountMails {
  constructor(private readonly appUrl: string) {}

  emailVerification(to: string, token: string): MailMessage {
    const link = this.link('/verify-email', token);
    return {
      to,
      subject: 'Confirm your email address for Herald',
      text: `Confirm your address by opening this link within 24 hours:\n\n${link}\n\nVerification token: ${token}\n\nIf you did not create a Herald account, ignore this mail.`,
    };
  }

  passwordReset(to: string, token: string, validMinutes: number): MailMessage {
    const link = this.link('/reset-password', token);
    return {
      to,
      subject: 'Reset your Herald password',
      text: `Choose a new password with this link within ${validMinutes} minutes:\n\n${link}\n\nReset token: ${token}\n\nIf you did not ask for this, ignore this mail; your password stays as it is.`,
    };
  }

  private link(path: string, token: string): string {
    const url = new URL(path, this.appUrl);
    url.searchParams.set('token', token);
    return url.toString();
  }
}

/** Pulls the token out of an account mail (tests, and operators reading the embedded outbox). */
export function tokenInMail(text: string): string | null {
  return /token: (\S+)$/m.exec(text)?.[1] ?? null;
}
