import path from 'node:path';
import { CommandPipeline, SqliteIdempotencyStore } from '@herald/commands';
import {
  agentTaskFeedbackComments,
  auditOrigins,
  PipelineIdentityErasure,
  SubjectEraser,
  type ErasureSummary,
  type PersonalDataHolder,
} from '@herald/compliance';
import type { ReadStore } from '@herald/read-store';
import { systemClock, uuidV7Generator } from '@herald/shared-kernel';
import { IDEMPOTENCY_FILE } from '../../../api/src/infrastructure/data-files';
import { EMAIL_INDEX_COLLECTION, EmailDirectory } from '../../../api/src/identity/email-directory';
import { REFRESH_TOKENS_COLLECTION, SESSIONS_COLLECTION } from '../../../api/src/identity/session-store';
import { defineCommand, EXIT, operatorOf, writeJsonLine, type CliOutput } from './cli-command';

/** The address's digest must stop pointing at the account, so the person can register again. */
function emailDirectoryHolder(readStore: ReadStore): PersonalDataHolder {
  const directory = new EmailDirectory(readStore);
  return {
    name: 'email directory',
    async forget(userId) {
      const entries = await readStore.collection(EMAIL_INDEX_COLLECTION).count({ userId });
      await directory.forgetUser(userId);
      return entries;
    },
  };
}

/** Sessions keep the devices' ip and user agent; an erased account must not stay signed in either. */
function sessionsHolder(readStore: ReadStore): PersonalDataHolder {
  return {
    name: 'sessions and refresh tokens',
    async forget(userId) {
      const tokens = await readStore.collection(REFRESH_TOKENS_COLLECTION).deleteMany({ userId });
      return tokens + (await readStore.collection(SESSIONS_COLLECTION).deleteMany({ userId }));
    },
  };
}

function printSummary(summary: ErasureSummary, out: CliOutput): void {
  const steps = [
    `${summary.userId}: erased (status before: ${summary.statusBefore})`,
    `  erasure requested now:  ${summary.erasureRequested ? 'yes' : 'no (already requested)'}`,
    `  key forgotten now:      ${summary.keyForgotten ? 'yes' : 'no (already forgotten)'}`,
    `  user.erased appended:   ${summary.erasedEventAppended ? 'yes' : 'no (already erased)'}`,
    ...summary.readModels.map((holder) => `  ${`${holder.name}:`.padEnd(38)} ${holder.recordsCleared} records cleared`),
    `  correlation id: ${summary.correlationId}`,
  ];
  out.stdout.write(`${steps.join('\n')}\n`);
}

/** Right to erasure: shreds the user's key and clears the read-model copies; safe to run again. */
export const eraseCommand = defineCommand({
  name: 'erase',
  usage: 'erase <userId> --reason <text> [--actor <id>] [--json]',
  summary: "erase a user: request and complete the erasure, forget their key, clear read-model copies",
  spec: { flags: ['--json'], options: ['--reason', '--actor'] },
  check(args) {
    if (args.positional.length !== 1) return 'erase takes exactly one user id';
    return (args.options.get('--reason') ?? '').trim() === '' ? 'erase needs --reason "..." (kept in the erasure record)' : null;
  },
  async run(context, args, out) {
    const readStore = await context.readStore();
    const idempotency = SqliteIdempotencyStore.open({ path: path.join(context.config.dataDir, IDEMPOTENCY_FILE) });
    try {
      const pipeline = new CommandPipeline(context.store, systemClock, uuidV7Generator, idempotency);
      const eraser = new SubjectEraser({
        store: context.store,
        keyVault: context.keyVault,
        identity: new PipelineIdentityErasure(context.store, pipeline),
        holders: [
          emailDirectoryHolder(readStore),
          sessionsHolder(readStore),
          auditOrigins(readStore),
          agentTaskFeedbackComments(readStore),
        ],
      });
      const summary = await eraser.erase({
        userId: args.positional[0],
        reason: args.options.get('--reason') ?? '',
        actor: { kind: 'system', id: operatorOf(args, context.env) },
      });
      if (args.flags.has('--json')) writeJsonLine(out, summary);
      else printSummary(summary, out);
      return EXIT.ok;
    } finally {
      await idempotency.close();
    }
  },
});
