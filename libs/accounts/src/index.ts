export * from './domain/social-platform';
export * from './domain/member-role';
export * from './domain/social-account.commands';
export * from './domain/social-account.events';
export * from './domain/social-account.state';
export * from './domain/social-account.decider';
