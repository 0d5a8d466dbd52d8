import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { ProjectionCatalog } from './projection-catalog';
import { ProjectionOperations } from './projection-operations';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';

export interface ProjectionsRuntimeOptions extends ProjectionRunnerOptions {
  /** false in processes that only query and operate (the API): another process runs the projections. */
  readonly run: boolean;
}

export const PROJECTIONS_RUNTIME_OPTIONS = Symbol('ProjectionsRuntimeOptions');

@Injectable()
class ProjectionRunnerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(PROJECTIONS_RUNTIME_OPTIONS) private readonly options: ProjectionsRuntimeOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.run) await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

const providers = [
  {
    provide: ProjectionRunner,
    inject: [PROJECTIONS_RUNTIME_OPTIONS],
    useFactory: (options: ProjectionsRuntimeOptions) => new ProjectionRunner(options),
  },
  {
    provide: ProjectionCatalog,
    inject: [ProjectionRunner],
    useFactory: (runner: ProjectionRunner) => runner.catalog,
  },
  {
    provide: ProjectionOperations,
    inject: [PROJECTIONS_RUNTIME_OPTIONS, ProjectionRunner],
    useFactory: (options: ProjectionsRuntimeOptions, runner: ProjectionRunner) =>
      new ProjectionOperations({ ...options, onChanged: options.run ? () => runner.reconcile() : undefined }),
  },
  ProjectionRunnerLifecycle,
];

/** Query handlers inject `ProjectionCatalog`; the CLI and admin API inject `ProjectionOperations`. */
@Module({})
export class ProjectionsRuntimeModule {
  static forRoot(options: ProjectionsRuntimeOptions): DynamicModule {
    return {
      module: ProjectionsRuntimeModule,
      global: true,
      providers: [{ provide: PROJECTIONS_RUNTIME_OPTIONS, useValue: options }, ...providers],
      exports: [ProjectionRunner, ProjectionCatalog, ProjectionOperations],
    };
  }

  static forRootAsync(options: {
    readonly imports?: ModuleMetadata['imports'];
    readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
    readonly useFactory: (...args: never[]) => ProjectionsRuntimeOptions | Promise<ProjectionsRuntimeOptions>;
  }): DynamicModule {
    return {
      module: ProjectionsRuntimeModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: PROJECTIONS_RUNTIME_OPTIONS,
          inject: options.inject ?? [],
          useFactory: options.useFactory,
        },
        ...providers,
      ],
      exports: [ProjectionRunner, ProjectionCatalog, ProjectionOperations],
    };
  }
}
