/** Purposes a user consents to separately (GDPR art. 7: specific, withdrawable, recorded). */
export const CONSENT_PURPOSES = [
  'marketing_emails',
  'product_analytics',
  'ai_content_generation',
  'third_party_sharing',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export function isConsentPurpose(value: unknown): value is ConsentPurpose {
  return typeof value === 'string' && (CONSENT_PURPOSES as readonly string[]).includes(value);
}
