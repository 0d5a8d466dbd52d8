export { PublisherSaga, PUBLISHER_TIMERS_COLLECTION, type PublisherSagaDependencies } from './publisher.saga';
export {
  PublisherSagaModule,
  PublisherSagaLifecycle,
  type PublisherSagaModuleDependencies,
  type PublisherSagaModuleOptions,
} from './publisher-saga.module';
export {
  DEFAULT_PUBLISHER_OPTIONS,
  DEFAULT_PLATFORM_LIMITS,
  type PublisherOptions,
  type PlatformLimits,
} from './publisher.options';
export type { ConnectorSource } from './publisher-runtime';
export { OUTCOME_UNKNOWN_REASON } from './target-reconciler';
