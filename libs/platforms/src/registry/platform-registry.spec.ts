import { HeraldError } from '@herald/shared-kernel';
import { createPlatformRegistry, PlatformRegistry } from './platform-registry';
import { loadPlatformsConfig } from './platforms-config';

const configError = (env: Record<string, string>): string => {
  try {
    loadPlatformsConfig(env);
  } catch (error) {
    if (error instanceof HeraldError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
};

describe(PlatformRegistry.name, () => {
  it('lists every platform; without credentials only webhooks are available, and the others say what to set', () => {
    const sut = createPlatformRegistry(loadPlatformsConfig({}));
    const listing = sut.list();
    expect(listing.map((p) => [p.platform, p.available])).toEqual([
      ['facebook', false],
      ['instagram', false],
      ['x', false],
      ['linkedin', false],
      ['tiktok', false],
      ['youtube', false],
      ['webhook', true],
    ]);
    expect(listing.find((p) => p.platform === 'x')).toMatchObject({
      reason: 'set X_CLIENT_ID and X_CLIENT_SECRET to enable it',
      capabilities: null,
    });
    expect(listing.find((p) => p.platform === 'webhook')).toMatchObject({
      reason: null,
      supportsOAuth: false,
    });
    expect(() => sut.get('x')).toThrow(expect.objectContaining({ code: 'PLATFORM.UNAVAILABLE' }));
    expect(sut.get('webhook').platform).toBe('webhook');
  });

  it('offers X and Facebook when both of their variables are set, pointed at the configured API base', () => {
    const config = loadPlatformsConfig({
      X_CLIENT_ID: 'id',
      X_CLIENT_SECRET: 'secret',
      X_API_BASE_URL: 'http://127.0.0.1:9999/',
      FACEBOOK_APP_ID: 'app',
      FACEBOOK_APP_SECRET: 'appsecret',
      FACEBOOK_API_BASE_URL: 'http://127.0.0.1:9998',
    });
    expect(config.x).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
      apiBaseUrl: 'http://127.0.0.1:9999',
      authorizeUrl: 'https://x.com/i/oauth2/authorize',
    });
    expect(config.facebook).toMatchObject({
      graphBaseUrl: 'http://127.0.0.1:9998',
      videoBaseUrl: 'http://127.0.0.1:9998',
      graphVersion: 'v26.0',
    });
    const sut = createPlatformRegistry(config);
    expect(sut.isAvailable('x')).toBe(true);
    expect(sut.isAvailable('facebook')).toBe(true);
    expect(sut.get('x').oauth?.supportsPkce).toBe(true);
  });

  it('offers Instagram, LinkedIn, TikTok and YouTube once their credentials are set, with their settings parsed', () => {
    const config = loadPlatformsConfig({
      INSTAGRAM_APP_ID: 'ig',
      INSTAGRAM_APP_SECRET: 'igs',
      LINKEDIN_CLIENT_ID: 'li',
      LINKEDIN_CLIENT_SECRET: 'lis',
      LINKEDIN_ORGANIZATIONS: 'false',
      TIKTOK_CLIENT_KEY: 'tt',
      TIKTOK_CLIENT_SECRET: 'tts',
      TIKTOK_PULL_FROM_URL_PREFIXES: 'https://media.example.com/, https://cdn.example.com/v/',
      YOUTUBE_CLIENT_ID: 'yt',
      YOUTUBE_CLIENT_SECRET: 'yts',
      YOUTUBE_PRIVACY_STATUS: 'unlisted',
    });
    expect(config.instagram).toMatchObject({
      graphBaseUrl: 'https://graph.instagram.com',
      graphVersion: 'v26.0',
    });
    expect(config.linkedin).toMatchObject({ apiVersion: '202607', organizations: false });
    expect(config.tiktok).toMatchObject({
      authorizeUrl: 'https://www.tiktok.com/v2/auth/authorize/',
      pullFromUrlPrefixes: ['https://media.example.com/', 'https://cdn.example.com/v/'],
      privacyLevel: 'PUBLIC_TO_EVERYONE',
    });
    expect(config.youtube).toMatchObject({
      privacyStatus: 'unlisted',
      categoryId: '22',
      dailyQuotaUnits: 10_000,
    });
    const sut = createPlatformRegistry(config);
    for (const platform of ['instagram', 'linkedin', 'tiktok', 'youtube'] as const)
      expect(sut.isAvailable(platform)).toBe(true);
    expect(sut.get('youtube').oauth?.supportsPkce).toBe(true);
    expect(
      configError({ LINKEDIN_CLIENT_ID: 'a', LINKEDIN_CLIENT_SECRET: 'b', LINKEDIN_API_VERSION: '2026-07' }),
    ).toBe('CONFIG.INVALID: LINKEDIN_API_VERSION must look like 202607 (YYYYMM)');
    expect(
      configError({ TIKTOK_CLIENT_KEY: 'a', TIKTOK_CLIENT_SECRET: 'b', TIKTOK_PRIVACY_LEVEL: 'public' }),
    ).toMatch(/^CONFIG.INVALID: TIKTOK_PRIVACY_LEVEL/);
    expect(
      configError({
        TIKTOK_CLIENT_KEY: 'a',
        TIKTOK_CLIENT_SECRET: 'b',
        TIKTOK_PULL_FROM_URL_PREFIXES: 'media.example.com',
      }),
    ).toMatch(/^CONFIG.INVALID: TIKTOK_PULL_FROM_URL_PREFIXES/);
  });

  it('stops start-up on half a credential pair or a bad value, naming the variable', () => {
    expect(configError({ X_CLIENT_ID: 'id' })).toBe(
      'CONFIG.INVALID: X_CLIENT_SECRET is required when X_CLIENT_ID is set',
    );
    expect(configError({ FACEBOOK_APP_SECRET: 's' })).toBe(
      'CONFIG.INVALID: FACEBOOK_APP_ID is required when FACEBOOK_APP_SECRET is set',
    );
    expect(configError({ X_CLIENT_ID: 'i', X_CLIENT_SECRET: 's', X_API_BASE_URL: 'ftp://x' })).toBe(
      'CONFIG.INVALID: X_API_BASE_URL must be an absolute http(s) URL',
    );
    expect(configError({ FACEBOOK_GRAPH_VERSION: '26' })).toBe(
      'CONFIG.INVALID: FACEBOOK_GRAPH_VERSION must look like v26.0',
    );
    expect(configError({ PLATFORM_TIMEOUT_MS: '10' })).toMatch(/^CONFIG.INVALID: PLATFORM_TIMEOUT_MS/);
    expect(configError({ X_CLIENT_ID: ' ', X_CLIENT_SECRET: '' })).toBe('no error');
  });
});
