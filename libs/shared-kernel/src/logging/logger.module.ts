import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination as pinoDestination, type DestinationStream } from 'pino';
import type { HeraldConfig } from '../config/herald-config';
import { heraldPinoHttpOptions, type LoggedProcess } from './logger-options';

/**
 * JSON logs through pino for the whole process (Nest's own messages included once the app
 * calls `app.useLogger(app.get(Logger))`). Every line logged during a request carries its
 * `requestId`. `destination` lets tests capture the lines.
 *
 * Stdout is written synchronously: pino's default buffers and flushes on process exit, but a
 * process ending by a re-raised SIGTERM (Nest's shutdown) or a crash never gets there, and the
 * last lines — the ones explaining the shutdown or the crash — were lost. A write per line is
 * cheap at our volumes.
 */
export const HeraldLoggerModule = {
  forRoot(
    config: Pick<HeraldConfig, 'logLevel' | 'mode'>,
    process: LoggedProcess,
    destination?: DestinationStream,
  ): DynamicModule {
    const options = heraldPinoHttpOptions(config, process);
    return LoggerModule.forRoot({ pinoHttp: [options, destination ?? pinoDestination({ dest: 1, sync: true })] });
  },
};
