import { isHeraldError, type HeraldError } from '../errors/herald-error';
import { environmentVariables } from './env-variable.decorator';
import { HeraldConfig } from './herald-config';
import { loadConfig } from './load-config';
import path from 'node:path';

const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

const productionEnv = {
  HERALD_MODE: 'production',
  HERALD_MASTER_KEY: MASTER_KEY,
  JWT_SECRET: 'j'.repeat(48),
  EVENTSTORE_CONNECTION_STRING: 'esdb://admin:changeit@eventstore:2113?tls=false',
  MONGODB_URL: 'mongodb://mongo:27017/herald',
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
  REDIS_URL: 'redis://redis:6379',
  CHROMA_URL: 'http://chroma:8000',
};

function configError(env: Record<string, string>): HeraldError {
  try {
    loadConfig(env);
  } catch (error) {
    if (isHeraldError(error, 'CONFIG.INVALID')) return error;
    throw error;
  }
  throw new Error(`expected CONFIG.INVALID for ${JSON.stringify(env)}`);
}

describe(loadConfig.name, () => {
  describe('defaults (embedded mode, nothing set)', () => {
    const sut = loadConfig({});

    it('runs everything in-process with durable SQLite', () => {
      expect(sut).toBeInstanceOf(HeraldConfig);
      expect(sut).toMatchObject({
        mode: 'embedded',
        port: 3000,
        host: '0.0.0.0',
        logLevel: 'info',
        dataDir: path.resolve('data'),
        eventStore: 'sqlite',
        readStore: 'embedded',
        messageBus: 'in-process',
        cache: 'memory',
        vectorMemory: 'memory',
        openaiModel: 'gpt-4o-mini',
        sqliteSynchronous: 'FULL',
      });
      expect(sut.masterKey).toBeUndefined();
      expect(sut.llmConfigured).toBe(false);
      expect(sut.stripeConfigured).toBe(false);
    });

    it('is frozen', () => {
      expect(Object.isFrozen(sut)).toBe(true);
    });

    it('ignores unrelated variables', () => {
      expect(Object.keys(loadConfig({ PATH: '/usr/bin', HOME: '/root' }))).not.toContain('PATH');
    });
  });

  it('reads typed values', () => {
    const sut = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      HERALD_DATA_DIR: '/tmp/herald-data',
      HERALD_MASTER_KEY: MASTER_KEY,
      SQLITE_SYNCHRONOUS: 'normal',
      CHROMA_URL: 'http://localhost:8000',
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
    });
    expect(sut).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'debug',
      dataDir: '/tmp/herald-data',
      masterKey: MASTER_KEY,
      sqliteSynchronous: 'NORMAL',
      vectorMemory: 'chroma',
      chromaUrl: 'http://localhost:8000',
    });
    expect(sut.llmConfigured).toBe(true);
    expect(sut.stripeConfigured).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '  ' })).toMatchObject({ port: 3000, logLevel: 'info' });
  });

  it('binds every property to a distinct documented variable', () => {
    const variables = environmentVariables(HeraldConfig);
    expect(new Set(variables).size).toBe(variables.length);
    expect(variables).toEqual(
      expect.arrayContaining([
        'HERALD_MODE',
        'PORT',
        'HERALD_MASTER_KEY',
        'EVENTSTORE_CONNECTION_STRING',
        'SQLITE_SYNCHRONOUS',
      ]),
    );
  });

  describe('bad values name their variable and say why', () => {
    it.each([
      ['PORT', 'abc', /PORT must be an integer from 0 to 65535 \(got "abc"\)/],
      ['PORT', '3000.5', /PORT must be an integer/],
      ['PORT', '70000', /PORT must be an integer from 0 to 65535 \(got "70000"\)/],
      ['PORT', '-1', /PORT must be an integer/],
      ['HOST', 'my host', /HOST must be a host name or an IP address/],
      ['HERALD_MODE', 'staging', /HERALD_MODE must be one of embedded, production \(got "staging"\)/],
      ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
      ['EVENT_STORE', 'postgres', /EVENT_STORE must be one of sqlite, eventstoredb/],
      ['READ_STORE', 'sql', /READ_STORE must be one of embedded, mongodb/],
      ['MESSAGE_BUS', 'rabbit', /MESSAGE_BUS must be one of in-process, kafka/],
      ['CACHE', 'memcached', /CACHE must be one of memory, redis/],
      ['VECTOR_MEMORY', 'pinecone', /VECTOR_MEMORY must be one of memory, chroma/],
      ['SQLITE_SYNCHRONOUS', 'OFF', /SQLITE_SYNCHRONOUS must be one of FULL, NORMAL/],
      ['HERALD_MASTER_KEY', 'c2hvcnQ=', /HERALD_MASTER_KEY must be 32 random bytes in standard base64/],
      ['JWT_SECRET', 'too-short', /JWT_SECRET must be at least 32 characters/],
      [
        'EVENTSTORE_CONNECTION_STRING',
        'http://es:2113',
        /EVENTSTORE_CONNECTION_STRING must be a URL starting with esdb:\/\//,
      ],
      [
        'MONGODB_URL',
        'localhost:27017',
        /MONGODB_URL must be a URL starting with mongodb:\/\/ or mongodb\+srv:\/\//,
      ],
      ['KAFKA_BROKERS', 'kafka-1', /KAFKA_BROKERS must be a comma-separated list of host:port/],
      ['KAFKA_BROKERS', 'kafka-1:9092,kafka-2:99999', /KAFKA_BROKERS must be a comma-separated list/],
      ['REDIS_URL', 'http://redis:6379', /REDIS_URL must be a URL starting with redis:\/\/ or rediss:\/\//],
      ['CHROMA_URL', 'chroma:8000', /CHROMA_URL must be an http\(s\) URL/],
      ['OPENAI_BASE_URL', 'ftp://llm', /OPENAI_BASE_URL must be an http\(s\) URL/],
      ['STRIPE_SECRET_KEY', 'pk_test_123', /STRIPE_SECRET_KEY must be a Stripe secret or restricted key/],
      ['STRIPE_WEBHOOK_SECRET', 'secret', /STRIPE_WEBHOOK_SECRET must be a Stripe webhook signing secret/],
    ])('%s=%s', (variable, value, expected) => {
      const error = configError({ [variable]: value });
      expect(error.message).toMatch(expected);
      expect(error.details).toEqual({ variables: [variable] });
    });

    it('never echoes a secret value', () => {
      const secret = 'sk_live_but-with spaces';
      const error = configError({ STRIPE_SECRET_KEY: secret, HERALD_MASTER_KEY: 'not-a-key' });
      expect(error.message).toContain('STRIPE_SECRET_KEY');
      expect(error.message).toContain('HERALD_MASTER_KEY');
      expect(error.message).not.toContain(secret);
      expect(error.message).not.toContain('not-a-key');
    });

    it('reports every bad variable at once', () => {
      const error = configError({ PORT: 'abc', LOG_LEVEL: 'loud', HERALD_MODE: 'prod' });
      expect(error.details.variables).toEqual(expect.arrayContaining(['PORT', 'LOG_LEVEL', 'HERALD_MODE']));
      expect(error.message.split('\n')[0]).toBe('Invalid configuration:');
    });
  });

  describe('production mode', () => {
    it('uses the production servers', () => {
      const sut = loadConfig(productionEnv);
      expect(sut).toMatchObject({
        mode: 'production',
        eventStore: 'eventstoredb',
        readStore: 'mongodb',
        messageBus: 'kafka',
        cache: 'redis',
        vectorMemory: 'chroma',
        kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
      });
    });

    it.each([
      ['HERALD_MASTER_KEY', /HERALD_MASTER_KEY is required when HERALD_MODE=production/],
      ['JWT_SECRET', /JWT_SECRET is required when HERALD_MODE=production/],
      [
        'EVENTSTORE_CONNECTION_STRING',
        /EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb.*EVENT_STORE=sqlite/,
      ],
      ['MONGODB_URL', /MONGODB_URL is required when READ_STORE=mongodb.*READ_STORE=embedded/],
      ['KAFKA_BROKERS', /KAFKA_BROKERS is required when MESSAGE_BUS=kafka.*MESSAGE_BUS=in-process/],
      ['REDIS_URL', /REDIS_URL is required when CACHE=redis.*CACHE=memory/],
      ['CHROMA_URL', /CHROMA_URL is required when VECTOR_MEMORY=chroma.*VECTOR_MEMORY=memory/],
    ])('requires %s', (variable, expected) => {
      const env: Record<string, string> = { ...productionEnv };
      delete env[variable];
      const error = configError(env);
      expect(error.message).toMatch(expected);
      expect(error.details).toEqual({ variables: [variable] });
    });

    it('lists every missing server variable of a bare production start', () => {
      const error = configError({ HERALD_MODE: 'production' });
      expect([...(error.details.variables as string[])].sort()).toEqual(
        [
          'CHROMA_URL',
          'EVENTSTORE_CONNECTION_STRING',
          'HERALD_MASTER_KEY',
          'JWT_SECRET',
          'KAFKA_BROKERS',
          'MONGODB_URL',
          'REDIS_URL',
        ].sort(),
      );
    });

    it('lets each port be overridden, which drops its server requirement', () => {
      const sut = loadConfig({
        HERALD_MODE: 'production',
        HERALD_MASTER_KEY: MASTER_KEY,
        JWT_SECRET: 'j'.repeat(48),
        EVENT_STORE: 'sqlite',
        READ_STORE: 'embedded',
        MESSAGE_BUS: 'in-process',
        CACHE: 'memory',
        VECTOR_MEMORY: 'memory',
      });
      expect(sut).toMatchObject({
        eventStore: 'sqlite',
        readStore: 'embedded',
        messageBus: 'in-process',
        cache: 'memory',
      });
    });
  });

  it('requires the server of a production adapter chosen in embedded mode', () => {
    const error = configError({ EVENT_STORE: 'eventstoredb' });
    expect(error.message).toMatch(
      /EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb; set it/,
    );
    expect(error.details).toEqual({ variables: ['EVENTSTORE_CONNECTION_STRING'] });
  });
});
