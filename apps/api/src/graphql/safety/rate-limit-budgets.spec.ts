import { AUTH_EMAIL_WINDOW_MS, emailDigest, limitedKeys } from './rate-limit-budgets';

const budgets = { userPerMinute: 100, ipPerMinute: 300, authPerMinute: 5 };

describe(limitedKeys.name, () => {
  it('draws an operation from its IP and user buckets', () => {
    expect(limitedKeys(budgets, { ip: '10.0.0.1', userId: 'u1', credentialFields: [] })).toEqual([
      { key: 'graphql:ip:10.0.0.1', rule: { limit: 300, windowMs: 60_000 } },
      { key: 'graphql:user:u1', rule: { limit: 100, windowMs: 60_000 } },
    ]);
  });

  it('adds per-IP and per-email buckets for sign-in operations, never the email in clear', () => {
    const keys = limitedKeys(budgets, {
      ip: '10.0.0.1',
      credentialFields: [{ field: 'login', email: ' Ada@Example.com' }, { field: 'refresh' }],
    });
    expect(keys.map((entry) => entry.key)).toEqual([
      'graphql:ip:10.0.0.1',
      'auth:login:ip:10.0.0.1',
      `auth:login:email:${emailDigest('ada@example.com')}`,
      'auth:refresh:ip:10.0.0.1',
    ]);
    expect(keys[2].rule).toEqual({ limit: 5, windowMs: AUTH_EMAIL_WINDOW_MS });
    expect(JSON.stringify(keys)).not.toMatch(/ada/i);
  });

  it('turns a budget of 0 off', () => {
    const off = { userPerMinute: 0, ipPerMinute: 0, authPerMinute: 0 };
    expect(limitedKeys(off, { ip: '10.0.0.1', userId: 'u', credentialFields: [{ field: 'login' }] })).toEqual(
      [],
    );
  });
});
