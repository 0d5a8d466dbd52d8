import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { loadConfig, type Environment, type HeraldConfig } from '@herald/shared-kernel';
import { AppModule, type AppModuleOptions } from './app.module';
import { installRequestSizeLimit } from './graphql/safety/request-size.limit';

/** Builds the API application without listening: tests listen on port 0 themselves. */
export async function createApiApp(
  config: HeraldConfig,
  options: AppModuleOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bufferLogs: true,
    // Nest would log and call process.exit itself; the caller reports the error and exits.
    abortOnError: false,
    // Installed below with a JSON answer for a refused body (413) instead of Express's HTML page.
    bodyParser: false,
  });
  installRequestSizeLimit(app);
  app.useLogger(app.get(Logger));
  // Nest would hold start-up lines until listen(); flush now so they show even if listen fails.
  app.flushLogs();
  app.enableShutdownHooks();
  return app;
}

/** What `npm start` runs: configuration from the environment, validated before anything opens. */
export async function startApi(
  env: Environment = process.env,
  options: AppModuleOptions = {},
): Promise<NestExpressApplication> {
  const config = loadConfig(env);
  const app = await createApiApp(config, options);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  app
    .get(Logger)
    .log(
      `Herald API (${config.mode} mode) serving GraphQL at http://${displayHost(config.host)}:${port}/graphql`,
      'Bootstrap',
    );
  return app;
}

const displayHost = (host: string): string => (host === '0.0.0.0' || host === '::' ? 'localhost' : host);
