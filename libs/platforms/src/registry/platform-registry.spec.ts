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

  it('lists a platform whose credentials are set but whose connector is still to come as unavailable, saying so', () => {
    const sut = createPlatformRegistry(
      loadPlatformsConfig({ LINKEDIN_CLIENT_ID: 'a', LINKEDIN_CLIENT_SECRET: 'b' }),
    );
    expect(sut.list().find((p) => p.platform === 'linkedin')).toMatchObject({
      available: false,
      reason: 'credentials are set, but Herald has no connector for it yet',
    });
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
