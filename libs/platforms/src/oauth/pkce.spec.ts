import { codeChallengeS256, createCodeVerifier } from './pkce';

describe('PKCE (RFC 7636)', () => {
  it('derives the S256 challenge of the RFC 7636 Appendix B example', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates verifiers of 43 unreserved characters, different each time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => createCodeVerifier()));
    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9\-_]{43}$/);
  });

  it('refuses verifiers the RFC does not allow', () => {
    expect(() => codeChallengeS256('short')).toThrow(/43 to 128/);
    expect(() => codeChallengeS256('a'.repeat(129))).toThrow(/43 to 128/);
    expect(() => codeChallengeS256(`${'a'.repeat(42)}+`)).toThrow(/43 to 128/);
  });
});
