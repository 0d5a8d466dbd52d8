import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { HeraldConfig } from '../config/herald-config';
import { heraldPinoHttpOptions, type LoggedProcess } from './logger-options';

/**
 * JSON logs through pino for the whole process (Nest's own messages included once the app
 * calls `app.useLogger(app.get(Logger))`). Every line logged during a request carries its
 * `requestId`. `destination` lets tests capture the lines.
 */
export const HeraldLoggerModule = {
  forRoot(
    config: Pick<HeraldConfig, 'logLevel' | 'mode'>,
    process: LoggedProcess,
    destination?: DestinationStream,
  ): DynamicModule {
    const options = heraldPinoHttpOptions(config, process);
    return LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options });
  },
};
