import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. 32 random bytes give 43 base64url characters. */
export function createCodeVerifier(random: (size: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

/** RFC 7636 §4.2, method S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export function codeChallengeS256(verifier: string): string {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    throw new Error('A PKCE code verifier must be 43 to 128 unreserved characters (RFC 7636 §4.1).');
  }
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
