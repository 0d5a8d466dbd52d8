import type { SocialPlatform } from '@herald/accounts';
import { HeraldError, type Environment } from '@herald/shared-kernel';
import type { InstagramConfig } from '../connectors/instagram/instagram.config';
import { DEFAULT_LINKEDIN_VERSION, type LinkedInConfig } from '../connectors/linkedin/linkedin.config';
import type { TikTokConfig } from '../connectors/tiktok/tiktok.config';
import type { YouTubeConfig } from '../connectors/youtube/youtube.config';

export interface OAuthAppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface XConfig extends OAuthAppCredentials {
  readonly apiBaseUrl: string;
  readonly authorizeUrl: string;
}

export interface FacebookConfig extends OAuthAppCredentials {
  readonly graphBaseUrl: string;
  /** Video uploads go to `graph-video.facebook.com`; an overridden Graph base (tests) moves it too. */
  readonly videoBaseUrl: string;
  readonly dialogBaseUrl: string;
  readonly graphVersion: string;
}

/** App credentials per platform; a platform whose pair is unset is null and listed as unavailable. */
export interface PlatformsConfig {
  readonly x: XConfig | null;
  readonly facebook: FacebookConfig | null;
  readonly instagram: InstagramConfig | null;
  readonly linkedin: LinkedInConfig | null;
  readonly tiktok: TikTokConfig | null;
  readonly youtube: YouTubeConfig | null;
  /** Platforms whose credentials are set but whose connector is still to come (listed, unavailable). */
  readonly pending: ReadonlyMap<SocialPlatform, string>;
  readonly timeoutMs: number;
}

/** The client id/secret variables of every OAuth platform, so an operator sees one consistent scheme. */
export const PLATFORM_CREDENTIAL_VARIABLES: Readonly<
  Record<Exclude<SocialPlatform, 'webhook'>, readonly [string, string]>
> = {
  x: ['X_CLIENT_ID', 'X_CLIENT_SECRET'],
  facebook: ['FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET'],
  instagram: ['INSTAGRAM_APP_ID', 'INSTAGRAM_APP_SECRET'],
  linkedin: ['LINKEDIN_CLIENT_ID', 'LINKEDIN_CLIENT_SECRET'],
  tiktok: ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'],
  youtube: ['YOUTUBE_CLIENT_ID', 'YOUTUBE_CLIENT_SECRET'],
};

/** Graph API version the Facebook connector is written against (changelog checked 2026-11-24). */
export const DEFAULT_GRAPH_VERSION = 'v26.0';

const invalid = (variable: string, problem: string): HeraldError =>
  new HeraldError('CONFIG.INVALID', `${variable} ${problem}`, { variable });

const read = (env: Environment, name: string): string | null => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? null : value;
};

function url(env: Environment, name: string, fallback: string): string {
  const value = read(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalid(name, 'must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw invalid(name, 'must be an absolute http(s) URL');
  return value.replace(/\/+$/, '');
}

function oneOf(env: Environment, name: string, pattern: RegExp, fallback: string, problem: string): string {
  const value = read(env, name) ?? fallback;
  if (!pattern.test(value)) throw invalid(name, problem);
  return value;
}

/** A comma-separated list of absolute URLs, each kept with its trailing slash (it is a prefix). */
function urlList(env: Environment, name: string): string[] {
  const items = (read(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const item of items) {
    if (!/^https?:\/\/[^/]+\//.test(item))
      throw invalid(
        name,
        'must list absolute http(s) URL prefixes ending in a path, e.g. https://media.example.com/',
      );
  }
  return items;
}

/** Both variables or neither: half a pair is a typo that would otherwise hide a platform silently. */
function credentials(
  env: Environment,
  platform: Exclude<SocialPlatform, 'webhook'>,
): OAuthAppCredentials | null {
  const [idVariable, secretVariable] = PLATFORM_CREDENTIAL_VARIABLES[platform];
  const clientId = read(env, idVariable);
  const clientSecret = read(env, secretVariable);
  if (clientId === null && clientSecret === null) return null;
  if (clientId === null) throw invalid(idVariable, `is required when ${secretVariable} is set`);
  if (clientSecret === null) throw invalid(secretVariable, `is required when ${idVariable} is set`);
  return { clientId, clientSecret };
}

export function loadPlatformsConfig(env: Environment): PlatformsConfig {
  const timeoutRaw = read(env, 'PLATFORM_TIMEOUT_MS') ?? '30000';
  if (!/^\d+$/.test(timeoutRaw) || Number(timeoutRaw) < 1000 || Number(timeoutRaw) > 600_000) {
    throw invalid('PLATFORM_TIMEOUT_MS', 'must be a whole number of milliseconds from 1000 to 600000');
  }
  const x = credentials(env, 'x');
  const facebook = credentials(env, 'facebook');
  const graphVersion = read(env, 'FACEBOOK_GRAPH_VERSION') ?? DEFAULT_GRAPH_VERSION;
  if (!/^v\d+\.\d+$/.test(graphVersion)) throw invalid('FACEBOOK_GRAPH_VERSION', 'must look like v26.0');
  // Every platform has a connector now; the map stays for platforms added before their connector.
  const pending = new Map<SocialPlatform, string>();
  const instagram = credentials(env, 'instagram');
  const linkedin = credentials(env, 'linkedin');
  const tiktok = credentials(env, 'tiktok');
  const youtube = credentials(env, 'youtube');
  return {
    x: x && {
      ...x,
      apiBaseUrl: url(env, 'X_API_BASE_URL', 'https://api.x.com'),
      authorizeUrl: url(env, 'X_AUTHORIZE_URL', 'https://x.com/i/oauth2/authorize'),
    },
    facebook: facebook && {
      ...facebook,
      graphBaseUrl: url(env, 'FACEBOOK_API_BASE_URL', 'https://graph.facebook.com'),
      videoBaseUrl: url(
        env,
        'FACEBOOK_VIDEO_API_BASE_URL',
        read(env, 'FACEBOOK_API_BASE_URL') ?? 'https://graph-video.facebook.com',
      ),
      dialogBaseUrl: url(env, 'FACEBOOK_DIALOG_BASE_URL', 'https://www.facebook.com'),
      graphVersion,
    },
    instagram: instagram && {
      ...instagram,
      graphBaseUrl: url(env, 'INSTAGRAM_API_BASE_URL', 'https://graph.instagram.com'),
      oauthBaseUrl: url(env, 'INSTAGRAM_OAUTH_BASE_URL', 'https://api.instagram.com'),
      authorizeBaseUrl: url(env, 'INSTAGRAM_AUTHORIZE_BASE_URL', 'https://www.instagram.com'),
      graphVersion,
    },
    linkedin: linkedin && {
      ...linkedin,
      apiBaseUrl: url(env, 'LINKEDIN_API_BASE_URL', 'https://api.linkedin.com'),
      oauthBaseUrl: url(env, 'LINKEDIN_OAUTH_BASE_URL', 'https://www.linkedin.com'),
      apiVersion: oneOf(
        env,
        'LINKEDIN_API_VERSION',
        /^\d{6}$/,
        DEFAULT_LINKEDIN_VERSION,
        'must look like 202607 (YYYYMM)',
      ),
      organizations:
        oneOf(env, 'LINKEDIN_ORGANIZATIONS', /^(true|false)$/, 'true', 'must be true or false') === 'true',
    },
    tiktok: tiktok && {
      ...tiktok,
      apiBaseUrl: url(env, 'TIKTOK_API_BASE_URL', 'https://open.tiktokapis.com'),
      authorizeUrl: url(env, 'TIKTOK_AUTHORIZE_URL', 'https://www.tiktok.com/v2/auth/authorize') + '/',
      pullFromUrlPrefixes: urlList(env, 'TIKTOK_PULL_FROM_URL_PREFIXES'),
      privacyLevel: oneOf(
        env,
        'TIKTOK_PRIVACY_LEVEL',
        /^(PUBLIC_TO_EVERYONE|MUTUAL_FOLLOW_FRIENDS|FOLLOWER_OF_CREATOR|SELF_ONLY)$/,
        'PUBLIC_TO_EVERYONE',
        'must be PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY',
      ),
    },
    youtube: youtube && {
      ...youtube,
      apiBaseUrl: url(env, 'YOUTUBE_API_BASE_URL', 'https://www.googleapis.com'),
      authorizeUrl: url(env, 'YOUTUBE_AUTHORIZE_URL', 'https://accounts.google.com/o/oauth2/v2/auth'),
      oauthBaseUrl: url(env, 'YOUTUBE_OAUTH_BASE_URL', 'https://oauth2.googleapis.com'),
      privacyStatus: oneOf(
        env,
        'YOUTUBE_PRIVACY_STATUS',
        /^(public|unlisted|private)$/,
        'public',
        'must be public, unlisted or private',
      ) as YouTubeConfig['privacyStatus'],
      categoryId: oneOf(env, 'YOUTUBE_CATEGORY_ID', /^\d+$/, '22', 'must be a numeric YouTube category id'),
      dailyQuotaUnits: Number(
        oneOf(
          env,
          'YOUTUBE_DAILY_QUOTA_UNITS',
          /^[1-9]\d{0,9}$/,
          '10000',
          'must be a positive whole number of units',
        ),
      ),
    },
    pending,
    timeoutMs: Number(timeoutRaw),
  };
}
