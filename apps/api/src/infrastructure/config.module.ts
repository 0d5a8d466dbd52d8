import { Global, Module, type DynamicModule } from '@nestjs/common';
import {
  CLOCK,
  HeraldConfig,
  ID_GENERATOR,
  systemClock,
  uuidV7Generator,
  type Clock,
} from '@herald/shared-kernel';

/**
 * The validated configuration, injected by its class, plus the clock and id generator every
 * handler takes from the container (tests swap them for fixed ones).
 */
@Global()
@Module({})
export class HeraldConfigModule {
  static forRoot(config: HeraldConfig, options: { readonly clock?: Clock } = {}): DynamicModule {
    return {
      module: HeraldConfigModule,
      providers: [
        { provide: HeraldConfig, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: ID_GENERATOR, useValue: uuidV7Generator },
      ],
      exports: [HeraldConfig, CLOCK, ID_GENERATOR],
    };
  }
}
