export { analyticsProjection } from './analytics.projection';
export * from './analytics.documents';
export * from './analytics.queries';
export * from './analytics-export';
export type * from './activity.queries';
export type * from './analytics-period';
export type * from './best-time.query';
export {
  TOP_POST_ORDERS,
  type TopPostOrder,
  type TopPostsInput,
  type TopPosts,
  type TopPost,
  type PostAnalytics,
  type PublicationAnalytics,
  type PublicationHistory,
  type HistoryPoint,
} from './post.queries';
export {
  METRIC_NAMES,
  ENGAGEMENT_METRICS,
  engagementRate,
  type MetricName,
  type Metrics,
} from './metric-math';
export { metricsRecorded, replayFromStart } from './testing/analytics-fixtures';
export { crashAtEveryWrite, type CrashSweep } from './testing/crash-recovery';
