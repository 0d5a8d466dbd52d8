import { parseCallbackQuery, webAppRedirect } from './oauth-callback.query';

describe(parseCallbackQuery.name, () => {
  it('reads code and state, and the error a platform sends when consent is declined', () => {
    expect(parseCallbackQuery({ code: 'c1', state: 's1' })).toEqual({
      state: 's1',
      code: 'c1',
      error: null,
      errorDescription: null,
    });
    expect(
      parseCallbackQuery({ state: 's1', error: 'access_denied', error_description: 'User said no' }),
    ).toEqual({
      state: 's1',
      code: null,
      error: 'access_denied',
      errorDescription: 'User said no',
    });
  });

  it('treats repeated, empty or over-long parameters as absent, so the state check refuses them', () => {
    expect(parseCallbackQuery({ state: ['a', 'b'], code: '' })).toMatchObject({ state: '', code: null });
    expect(parseCallbackQuery({ state: 'x'.repeat(2049) }).state).toBe('');
    expect(parseCallbackQuery(undefined)).toMatchObject({ state: '', code: null, error: null });
  });
});

describe(webAppRedirect.name, () => {
  it("adds the outcome to the web app's URL, encoded, keeping its path and query", () => {
    expect(
      webAppRedirect('https://app.example.com/settings/accounts?tab=social', {
        connected: 'a,b',
        platform: 'x',
      }),
    ).toBe('https://app.example.com/settings/accounts?tab=social&connected=a%2Cb&platform=x');
    expect(webAppRedirect('http://localhost:3000', { error: 'PLATFORM.OAUTH_STATE_INVALID' })).toBe(
      'http://localhost:3000/?error=PLATFORM.OAUTH_STATE_INVALID',
    );
  });
});
