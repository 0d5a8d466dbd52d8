import type { RequestMetadata } from '@herald/commands';
import { type CommandsHarness, requestAs, startCommandsHarness } from '@herald/testing';
import { PostsModule } from '../src';

export type PostsHarness = CommandsHarness;

/** The posts module on the real embedded event store, in a temporary directory. */
export const startPosts = (): Promise<PostsHarness> =>
  startCommandsHarness({ name: 'posts', module: PostsModule, now: '2026-03-10T09:00:00.000Z' });

export const ORG_ID = '0190f3a4-0000-7000-8000-00000000o001';

export const request = (actor: RequestMetadata['actor'], extra: Partial<RequestMetadata> = {}): RequestMetadata =>
  requestAs(actor, ORG_ID, extra);
