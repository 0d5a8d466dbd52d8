import {
  physicalCollection,
  ProjectionCatalog,
} from '@herald/projections-runtime';
import type { Filter, ReadStore, Update } from '@herald/read-store';
import type { PersonalDataHolder } from './personal-data-holder.port';

interface ProjectionCleanup {
  readonly name: string;
  readonly projection: string;
  readonly collection: string;
  filter(subjectId: string): Filter;
  readonly update: Update;
}

/**
 * Clears a subject's data in every stored version of a projection's collection — the live one
 * and one being rebuilt beside it may both have read the plaintext before the key was forgotten.
 * The projections' own handlers do the same when they see `user.erased` (audit) or read the
 * field back as erased after a rebuild; this covers copies made before that, right away,
 * whether or not a worker is running.
 */
function projectionHolder(readStore: ReadStore, cleanup: ProjectionCleanup): PersonalDataHolder {
  const catalog = new ProjectionCatalog(readStore);
  return {
    name: cleanup.name,
    async forget(subjectId) {
      if ((await catalog.projection(cleanup.projection)) === null) return 0;
      const existing = new Set(await readStore.listCollections());
      let changed = 0;
      for (const generation of await catalog.generations(cleanup.projection)) {
        const name = physicalCollection(cleanup.projection, cleanup.collection, generation.version);
        if (!existing.has(name)) continue;
        const result = await readStore.collection(name).updateMany(cleanup.filter(subjectId), cleanup.update);
        changed += result.modified;
      }
      return changed;
    },
  };
}

/** Request origins (ip, user agent) of the erased user's own actions in the audit trail. */
export const auditOrigins = (readStore: ReadStore): PersonalDataHolder =>
  projectionHolder(readStore, {
    name: 'audit request origins',
    projection: 'audit',
    collection: 'entries',
    filter: (subjectId) => ({
      actorKind: 'user',
      actorId: subjectId,
      $or: [{ 'origin.erased': false }, { 'origin.ip': { $ne: null } }, { 'origin.userAgent': { $ne: null } }],
    }),
    update: { $set: { origin: { ip: null, userAgent: null, erased: true } } },
  });

/** Free-text feedback comments on agent tasks, personal data of their author. */
export const agentTaskFeedbackComments = (readStore: ReadStore): PersonalDataHolder =>
  projectionHolder(readStore, {
    name: 'agent task feedback comments',
    projection: 'agentTasks',
    collection: 'tasks',
    filter: (subjectId) => ({ 'feedback.commentSubjectId': subjectId, 'feedback.comment': { $ne: null } }),
    update: { $set: { 'feedback.comment': null, 'feedback.commentErased': true } },
  });
