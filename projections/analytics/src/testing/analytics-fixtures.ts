import type { PostEvent, PostMetrics } from '@herald/posts';
import { PROJECTION_STATE_COLLECTION, type ProjectionDefinition } from '@herald/projections-runtime';
import type { ProjectionTestBed } from '@herald/projections/support';

type MetricsRecorded = Extract<PostEvent, { type: 'post.metricsRecorded' }>;

export function metricsRecorded(
  accountId: string,
  platformPostId: string,
  measuredAt: string,
  metrics: Partial<PostMetrics>,
): MetricsRecorded {
  return {
    type: 'post.metricsRecorded',
    schemaVersion: 1,
    data: {
      accountId,
      platformPostId,
      measuredAt,
      metrics: {
        impressions: 0,
        reach: 0,
        likes: 0,
        comments: 0,
        shares: 0,
        saves: 0,
        clicks: 0,
        ...metrics,
      },
    },
  };
}

/**
 * Rewinds the live generation's checkpoint to the start of the log and lets a fresh runner apply
 * every event again over the documents it already wrote: what a crash between a read-model
 * write and its checkpoint does on a store without atomic batches, for the whole log at once.
 */
export async function replayFromStart(
  bed: ProjectionTestBed,
  definition: ProjectionDefinition,
): Promise<void> {
  const live = await bed.catalog.projection(definition.name);
  if (live === null) throw new Error(`${definition.name} was never started`);
  await bed.stop();
  const generations = bed.readStore.collection(PROJECTION_STATE_COLLECTION);
  const result = await generations.updateOne(
    { kind: 'generation', name: definition.name, version: live.liveVersion },
    { $set: { checkpoint: 0 } },
  );
  if (result.modified !== 1)
    throw new Error(`No generation v${live.liveVersion} of ${definition.name} to rewind`);
  await bed.start();
  await bed.caughtUp();
}
