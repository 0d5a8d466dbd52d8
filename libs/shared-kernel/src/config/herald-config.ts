import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import path from 'node:path';
import { IsBase64Key32, IsHostPortList, IsUrlWithScheme, RequiredWhen } from './config-validators';
import {
  EnvVariable,
  parseInteger,
  parseList,
  parseUpperCase,
  type Environment,
} from './env-variable.decorator';

export const HERALD_MODES = ['embedded', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const EVENT_STORE_ADAPTERS = ['sqlite', 'eventstoredb'] as const;
export const READ_STORE_ADAPTERS = ['embedded', 'mongodb'] as const;
export const MESSAGE_BUS_ADAPTERS = ['in-process', 'kafka'] as const;
export const CACHE_ADAPTERS = ['memory', 'redis'] as const;
export const VECTOR_MEMORY_ADAPTERS = ['memory', 'chroma'] as const;
export const SQLITE_SYNCHRONOUS_MODES = ['FULL', 'NORMAL'] as const;

export type HeraldMode = (typeof HERALD_MODES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type EventStoreAdapter = (typeof EVENT_STORE_ADAPTERS)[number];
export type ReadStoreAdapter = (typeof READ_STORE_ADAPTERS)[number];
export type MessageBusAdapter = (typeof MESSAGE_BUS_ADAPTERS)[number];
export type CacheAdapter = (typeof CACHE_ADAPTERS)[number];
export type VectorMemoryAdapter = (typeof VECTOR_MEMORY_ADAPTERS)[number];
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS_MODES)[number];

const withoutTrailingSlash = (raw: string): string => raw.replace(/\/+$/, '');
const usablePort = (raw: string | undefined): number | undefined => {
  const port = /^\d+$/.test(raw?.trim() ?? '') ? Number(raw) : 0;
  return port >= 1 && port <= 65535 ? port : undefined;
};
const isProduction = (env: Environment): boolean => env.HERALD_MODE?.trim() === 'production';
const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });

/** Why a server variable is required: the adapter in use, and how that adapter was chosen. */
const because =
  (adapterVariable: string, adapterProperty: keyof HeraldConfig, alternative: string) =>
  (config: HeraldConfig): string =>
    `when ${adapterVariable}=${String(config[adapterProperty])}` +
    (config.mode === 'production' ? ` (HERALD_MODE=production defaults to it)` : '') +
    `; set it, or choose ${adapterVariable}=${alternative}`;

/**
 * Herald's whole configuration, read once from the environment at start-up (loadConfig) and
 * injected by class (`constructor(private readonly config: HeraldConfig)`). Every property is
 * bound to one variable, documented in README.md. Adapters default by HERALD_MODE and each
 * can be overridden by its own variable, e.g. production events with an embedded read store.
 */
export class HeraldConfig {
  @EnvVariable<HeraldMode>('HERALD_MODE', { default: 'embedded' })
  @IsIn(HERALD_MODES, oneOf(HERALD_MODES))
  readonly mode!: HeraldMode;

  @EnvVariable('PORT', { default: 3000, parse: parseInteger })
  @IsInt({ message: 'must be an integer from 0 to 65535' })
  @Min(0, { message: 'must be an integer from 0 to 65535' })
  @Max(65535, { message: 'must be an integer from 0 to 65535' })
  readonly port!: number;

  @EnvVariable('HOST', { default: '0.0.0.0' })
  @Matches(/^([A-Za-z0-9.-]+|[0-9A-Fa-f:]+)$/, {
    message: 'must be a host name or an IP address to listen on',
  })
  readonly host!: string;

  /**
   * Where browsers and platforms reach this API. OAuth redirect URIs are built from it
   * (`<API_BASE_URL>/oauth/<platform>/callback`) and must be registered with each platform as is.
   */
  @EnvVariable('API_BASE_URL', {
    // A bad PORT is reported under PORT alone, and PORT=0 (any free port) has no URL to offer.
    default: (env) => `http://localhost:${usablePort(env.PORT) ?? 3000}`,
    parse: withoutTrailingSlash,
  })
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'], require_tld: false },
    { message: 'must be an http(s) URL (e.g. https://api.herald.example)' },
  )
  readonly apiBaseUrl!: string;

  /** The web app the OAuth callback sends the user back to, with `?connected=` or `?error=`. */
  @EnvVariable('APP_BASE_URL', { default: 'http://localhost:3000', parse: withoutTrailingSlash })
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'], require_tld: false },
    { message: 'must be an http(s) URL (e.g. https://app.herald.example)' },
  )
  readonly appBaseUrl!: string;

  @EnvVariable<LogLevel>('LOG_LEVEL', { default: 'info' })
  @IsIn(LOG_LEVELS, oneOf(LOG_LEVELS))
  readonly logLevel!: LogLevel;

  /** Absolute: the process may change directory, files must not move with it. */
  @EnvVariable('HERALD_DATA_DIR', { default: () => path.resolve('data'), parse: (raw) => path.resolve(raw) })
  @IsString()
  readonly dataDir!: string;

  @EnvVariable('HERALD_MASTER_KEY', { secret: true })
  @RequiredWhen<HeraldConfig>(
    (config) => config.mode === 'production',
    () =>
      'when HERALD_MODE=production: every replica must share one key (embedded mode generates <HERALD_DATA_DIR>/master.key instead)',
  )
  @IsBase64Key32()
  readonly masterKey?: string;

  /** HS256 key of the API's access tokens: every replica must share it, or tokens fail at random. */
  @EnvVariable('JWT_SECRET', { secret: true })
  @RequiredWhen<HeraldConfig>(
    (config) => config.mode === 'production',
    () =>
      'when HERALD_MODE=production: every API replica must sign and verify access tokens with one secret (embedded mode generates <HERALD_DATA_DIR>/jwt.secret instead)',
  )
  @MinLength(32, { message: 'must be at least 32 characters (e.g. `openssl rand -base64 48`)' })
  readonly jwtSecret?: string;

  @EnvVariable<EventStoreAdapter>('EVENT_STORE', {
    default: (env) => (isProduction(env) ? 'eventstoredb' : 'sqlite'),
  })
  @IsIn(EVENT_STORE_ADAPTERS, oneOf(EVENT_STORE_ADAPTERS))
  readonly eventStore!: EventStoreAdapter;

  @EnvVariable('EVENTSTORE_CONNECTION_STRING', { secret: true })
  @RequiredWhen<HeraldConfig>(
    (config) => config.eventStore === 'eventstoredb',
    because('EVENT_STORE', 'eventStore', 'sqlite'),
  )
  @IsUrlWithScheme(['esdb', 'esdb+discover'])
  readonly eventStoreConnectionString?: string;

  @EnvVariable<ReadStoreAdapter>('READ_STORE', {
    default: (env) => (isProduction(env) ? 'mongodb' : 'embedded'),
  })
  @IsIn(READ_STORE_ADAPTERS, oneOf(READ_STORE_ADAPTERS))
  readonly readStore!: ReadStoreAdapter;

  @EnvVariable('MONGODB_URL', { secret: true })
  @RequiredWhen<HeraldConfig>(
    (config) => config.readStore === 'mongodb',
    because('READ_STORE', 'readStore', 'embedded'),
  )
  @IsUrlWithScheme(['mongodb', 'mongodb+srv'])
  readonly mongodbUrl?: string;

  @EnvVariable<MessageBusAdapter>('MESSAGE_BUS', {
    default: (env) => (isProduction(env) ? 'kafka' : 'in-process'),
  })
  @IsIn(MESSAGE_BUS_ADAPTERS, oneOf(MESSAGE_BUS_ADAPTERS))
  readonly messageBus!: MessageBusAdapter;

  @EnvVariable('KAFKA_BROKERS', { parse: parseList })
  @RequiredWhen<HeraldConfig>(
    (config) => config.messageBus === 'kafka',
    because('MESSAGE_BUS', 'messageBus', 'in-process'),
  )
  @IsHostPortList()
  readonly kafkaBrokers?: readonly string[];

  @EnvVariable<CacheAdapter>('CACHE', { default: (env) => (isProduction(env) ? 'redis' : 'memory') })
  @IsIn(CACHE_ADAPTERS, oneOf(CACHE_ADAPTERS))
  readonly cache!: CacheAdapter;

  @EnvVariable('REDIS_URL', { secret: true })
  @RequiredWhen<HeraldConfig>((config) => config.cache === 'redis', because('CACHE', 'cache', 'memory'))
  @IsUrlWithScheme(['redis', 'rediss'])
  readonly redisUrl?: string;

  /** Embedded mode uses Chroma when CHROMA_URL points at one, in-memory vectors otherwise. */
  @EnvVariable<VectorMemoryAdapter>('VECTOR_MEMORY', {
    default: (env) => (isProduction(env) || (env.CHROMA_URL ?? '').trim() !== '' ? 'chroma' : 'memory'),
  })
  @IsIn(VECTOR_MEMORY_ADAPTERS, oneOf(VECTOR_MEMORY_ADAPTERS))
  readonly vectorMemory!: VectorMemoryAdapter;

  @EnvVariable('CHROMA_URL')
  @RequiredWhen<HeraldConfig>(
    (config) => config.vectorMemory === 'chroma',
    because('VECTOR_MEMORY', 'vectorMemory', 'memory'),
  )
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'], require_tld: false },
    { message: 'must be an http(s) URL (e.g. http://chroma:8000)' },
  )
  readonly chromaUrl?: string;

  /** Any OpenAI-compatible endpoint; unset means api.openai.com when OPENAI_API_KEY is set. */
  @EnvVariable('OPENAI_BASE_URL')
  @IsOptional()
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'], require_tld: false },
    { message: 'must be an http(s) URL (e.g. http://localhost:11434/v1)' },
  )
  readonly openaiBaseUrl?: string;

  @EnvVariable('OPENAI_API_KEY', { secret: true })
  @IsOptional()
  @Matches(/^\S+$/, { message: 'must not contain spaces' })
  readonly openaiApiKey?: string;

  @EnvVariable('OPENAI_MODEL', { default: 'gpt-4o-mini' })
  @Matches(/^\S+$/, { message: 'must be a model name without spaces' })
  readonly openaiModel!: string;

  /** SMTP relay for account mails (verification, password reset); unset writes them to the outbox. */
  @EnvVariable('SMTP_URL', { secret: true })
  @IsOptional()
  @IsUrlWithScheme(['smtp', 'smtps'])
  readonly smtpUrl?: string;

  @EnvVariable('MAIL_FROM', { default: 'Herald <no-reply@herald.local>' })
  @IsString()
  @MinLength(3)
  readonly mailFrom!: string;

  /** Where links in account mails point (the web app); tokens are appended as query parameters. */
  @EnvVariable('PUBLIC_APP_URL', { default: 'http://localhost:3000' })
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false })
  readonly publicAppUrl!: string;

  @EnvVariable('STRIPE_SECRET_KEY', { secret: true })
  @IsOptional()
  @Matches(/^(sk|rk)_(test|live)_\S+$/, {
    message: 'must be a Stripe secret or restricted key (sk_test_…, sk_live_…)',
  })
  readonly stripeSecretKey?: string;

  @EnvVariable('STRIPE_WEBHOOK_SECRET', { secret: true })
  @IsOptional()
  @Matches(/^whsec_\S+$/, { message: 'must be a Stripe webhook signing secret (whsec_…)' })
  readonly stripeWebhookSecret?: string;

  /** GraphQL operations one signed-in user may run per minute, summed over replicas; 0 = no limit. */
  @EnvVariable('RATE_LIMIT_USER_PER_MINUTE', { default: 1200, parse: parseInteger })
  @IsInt({ message: 'must be a whole number of operations per minute (0 turns the limit off)' })
  @Min(0, { message: 'must be a whole number of operations per minute (0 turns the limit off)' })
  readonly rateLimitUserPerMinute!: number;

  /** GraphQL operations one client IP address may run per minute (offices share one); 0 = no limit. */
  @EnvVariable('RATE_LIMIT_IP_PER_MINUTE', { default: 3000, parse: parseInteger })
  @IsInt({ message: 'must be a whole number of operations per minute (0 turns the limit off)' })
  @Min(0, { message: 'must be a whole number of operations per minute (0 turns the limit off)' })
  readonly rateLimitIpPerMinute!: number;

  /** login, register, requestPasswordReset, refresh: per IP per minute, and per email per 10 minutes. */
  @EnvVariable('RATE_LIMIT_AUTH_PER_MINUTE', { default: 10, parse: parseInteger })
  @IsInt({ message: 'must be a whole number of attempts per minute (0 turns the limit off)' })
  @Min(0, { message: 'must be a whole number of attempts per minute (0 turns the limit off)' })
  readonly rateLimitAuthPerMinute!: number;

  /** FULL survives power loss with every acknowledged append; NORMAL (WAL) may lose the last ones. */
  @EnvVariable<SqliteSynchronous>('SQLITE_SYNCHRONOUS', { default: 'FULL', parse: parseUpperCase })
  @IsIn(SQLITE_SYNCHRONOUS_MODES, oneOf(SQLITE_SYNCHRONOUS_MODES))
  readonly sqliteSynchronous!: SqliteSynchronous;

  get llmConfigured(): boolean {
    return this.openaiApiKey !== undefined || this.openaiBaseUrl !== undefined;
  }

  get stripeConfigured(): boolean {
    return this.stripeSecretKey !== undefined;
  }
}
