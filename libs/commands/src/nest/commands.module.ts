import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { CLOCK, type Clock, ID_GENERATOR, type IdGenerator } from '@herald/shared-kernel';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '../idempotency/idempotency-store.port';
import { CommandPipeline } from '../pipeline/command-pipeline';
import { COMMAND_PIPELINE_OPTIONS, type CommandPipelineOptions } from '../pipeline/command-pipeline.options';

export interface CommandsModuleOptions {
  readonly eventStore: EventStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly idempotency: IdempotencyStore;
  readonly pipeline?: Partial<CommandPipelineOptions>;
}

/**
 * Global: every context module's handlers inject `CommandPipeline` without importing this
 * module, and the process wires the adapters once (embedded or production). It also sets up
 * the CQRS buses (`CqrsModule.forRoot()`): do not call that a second time in the same process.
 */
@Module({})
export class CommandsModule {
  static forRoot(options: CommandsModuleOptions): DynamicModule {
    return {
      module: CommandsModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: EVENT_STORE, useValue: options.eventStore },
        { provide: CLOCK, useValue: options.clock },
        { provide: ID_GENERATOR, useValue: options.ids },
        { provide: IDEMPOTENCY_STORE, useValue: options.idempotency },
        { provide: COMMAND_PIPELINE_OPTIONS, useValue: options.pipeline ?? {} },
        CommandPipeline,
      ],
      exports: [CommandPipeline, EVENT_STORE, CLOCK, ID_GENERATOR, IDEMPOTENCY_STORE, CqrsModule],
    };
  }

  /**
   * For processes whose adapters come from their own modules: `imports` must export
   * EVENT_STORE, CLOCK, ID_GENERATOR and IDEMPOTENCY_STORE.
   */
  static forRootWithAdapters(options: {
    readonly imports: NonNullable<ModuleMetadata['imports']>;
    readonly pipeline?: Partial<CommandPipelineOptions>;
  }): DynamicModule {
    return {
      module: CommandsModule,
      global: true,
      imports: [CqrsModule.forRoot(), ...options.imports],
      providers: [{ provide: COMMAND_PIPELINE_OPTIONS, useValue: options.pipeline ?? {} }, CommandPipeline],
      exports: [CommandPipeline, CqrsModule],
    };
  }
}
