export { notificationsProjection } from './notifications.projection';
export * from './notifications.documents';
export * from './notifications.queries';
export { NOTIFICATION_RULES, recipientsOf } from './notification-rules';
