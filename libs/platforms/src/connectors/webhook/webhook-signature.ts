import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-herald-signature';
export const TIMESTAMP_HEADER = 'x-herald-timestamp';

/**
 * `X-Herald-Signature: sha256=<hex>` where hex = HMAC-SHA256(secret, `${timestamp}.${body}`). The
 * timestamp (Unix seconds, also sent as `X-Herald-Timestamp`) is signed with the body so a receiver
 * can refuse replays older than a few minutes; this is the scheme Stripe and Slack use for theirs.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** For receivers (and tests): constant-time check of a signature, with a replay window. */
export function verifyWebhookSignature(input: {
  readonly secret: string;
  readonly signature: string;
  readonly timestamp: string;
  readonly body: string;
  readonly now: Date;
  readonly toleranceSeconds?: number;
}): boolean {
  if (!/^\d+$/.test(input.timestamp)) return false;
  const timestamp = Number(input.timestamp);
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.body));
  const actual = Buffer.from(input.signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
