export interface CommandPipelineOptions {
  /** Attempts per command, the first included; a conflict on the last one surfaces as CONCURRENCY.CONFLICT. */
  readonly maxAttempts: number;
}

export const COMMAND_PIPELINE_OPTIONS = Symbol('CommandPipelineOptions');

export const DEFAULT_COMMAND_PIPELINE_OPTIONS: CommandPipelineOptions = { maxAttempts: 4 };
