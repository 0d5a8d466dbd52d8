import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { loadConfig, type Environment } from '@herald/shared-kernel';
import { WorkerAppModule } from './worker-app.module';

export async function startWorker(
  env: Environment = process.env,
  logDestination?: DestinationStream,
): Promise<INestApplicationContext> {
  const config = loadConfig(env);
  const app = await NestFactory.createApplicationContext(
    WorkerAppModule.forRoot(config, { logDestination }),
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return app;
}
