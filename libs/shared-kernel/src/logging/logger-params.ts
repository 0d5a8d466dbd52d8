import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { HeraldConfig } from '../config/herald-config';
import { heraldPinoHttpOptions, type LoggedProcess } from './logger-options';

/**
 * nestjs-pino parameters for a Herald process: `LoggerModule.forRoot(heraldLoggerParams(...))`.
 * The kernel only builds them (types only, no Nest at run time): every spec of every context
 * imports the kernel, and loading Nest there would cost each of them most of a second.
 *
 * Give a synchronous destination for stdout (`pino.destination({ dest: 1, sync: true })`):
 * pino's default buffers and flushes on process exit, but a process ending by a re-raised
 * SIGTERM (Nest's shutdown) or a crash never gets there, and the last lines — the ones
 * explaining the shutdown or the crash — are lost. A write per line is cheap at our volumes.
 */
export function heraldLoggerParams(
  config: Pick<HeraldConfig, 'logLevel' | 'mode'>,
  process: LoggedProcess,
  destination: DestinationStream,
): Params {
  return { pinoHttp: [heraldPinoHttpOptions(config, process), destination] };
}
