export * from './mailer.port';
export * from './smtp/smtp-mailer';
export * from './outbox/outbox-mailer';
