import { defineCodes } from './catalogue-entry';

export const IDENTITY_CODES = defineCodes({
  'USER.NOT_FOUND': {
    httpStatus: 404,
    message: 'This user does not exist.',
  },
  'USER.ALREADY_REGISTERED': {
    httpStatus: 409,
    message: 'This account already exists; sign in instead.',
  },
  'USER.EMAIL_INVALID': {
    httpStatus: 400,
    message: 'Enter a valid email address.',
  },
  'USER.NAME_INVALID': {
    httpStatus: 400,
    message: 'A name needs 1 to 100 characters.',
  },
  'USER.PASSWORD_HASH_INVALID': {
    httpStatus: 400,
    message: 'The password must reach the domain as an argon2 or scrypt hash, never in plaintext.',
  },
  'USER.FORBIDDEN': {
    httpStatus: 403,
    message: 'Only the account holder can do this.',
  },
  'USER.EMAIL_ALREADY_VERIFIED': {
    httpStatus: 409,
    message: 'This email address is already verified.',
  },
  'USER.VERIFICATION_INVALID': {
    httpStatus: 400,
    message: 'This verification link is not valid; use the latest email we sent.',
  },
  'USER.VERIFICATION_EXPIRED': {
    httpStatus: 410,
    message: 'This verification link has expired; ask for a new one.',
  },
  'USER.TOTP_ALREADY_ENABLED': {
    httpStatus: 409,
    message: 'Two-factor authentication is already on; disable it first to replace it.',
  },
  'USER.TOTP_NOT_ENABLED': {
    httpStatus: 409,
    message: 'Two-factor authentication is not on.',
  },
  'USER.TOTP_SECRET_REF_INVALID': {
    httpStatus: 400,
    message: 'The two-factor secret reference is malformed.',
  },
  'USER.CONSENT_PURPOSE_INVALID': {
    httpStatus: 400,
    message:
      'Consent purposes are: marketing_emails, product_analytics, ai_content_generation, third_party_sharing.',
  },
  'USER.EXPORT_TOO_FREQUENT': {
    httpStatus: 429,
    message: 'A data export was requested less than 24 hours ago; try again later.',
  },
  'USER.ERASURE_NOT_REQUESTED': {
    httpStatus: 409,
    message: 'Erasure must be requested before it can be completed.',
  },
  'USER.ERASED': {
    httpStatus: 410,
    message: 'This account has been erased or is being erased; it accepts no further changes.',
  },
});
