import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination as pinoDestination, type DestinationStream } from 'pino';
import { heraldLoggerParams, type HeraldConfig, type LoggedProcess } from '@herald/shared-kernel';

/**
 * JSON logs through pino for the whole process (Nest's own messages included once the app
 * calls `app.useLogger(app.get(Logger))`); every line logged during a request carries its
 * `requestId`. Stdout is written synchronously (see heraldLoggerParams); `destination` lets
 * tests capture the lines instead.
 */
export const HeraldLoggerModule = {
  forRoot(
    config: Pick<HeraldConfig, 'logLevel' | 'mode'>,
    process: LoggedProcess,
    destination?: DestinationStream,
  ): DynamicModule {
    return LoggerModule.forRoot(
      heraldLoggerParams(config, process, destination ?? pinoDestination({ dest: 1, sync: true })),
    );
  },
};
