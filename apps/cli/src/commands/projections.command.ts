import { ProjectionOperations, type GenerationStatusView, type ProjectionStatusView } from '@herald/projections-runtime';
import { defineCommand, EXIT, operatorOf, writeJsonLine, type ParsedArgs } from './cli-command';

const ARITY: Readonly<Record<string, number>> = { status: 0, retry: 1, skip: 2, rebuild: 1 };

function check(args: ParsedArgs): string | null {
  const [action = 'status', ...rest] = args.positional;
  const arity = ARITY[action];
  if (arity === undefined) return `unknown projections action "${action}" (status, retry, skip, rebuild)`;
  if (rest.length !== arity) {
    return action === 'skip' ? 'projections skip takes a projection name and a position' : `projections ${action} takes ${arity === 0 ? 'no arguments' : 'a projection name'}`;
  }
  if (action === 'skip') {
    if (!/^[1-9]\d*$/.test(rest[1])) return 'the position must be a positive integer';
    if ((args.options.get('--reason') ?? '').trim() === '') return 'projections skip needs --reason "..." (kept in the audit trail)';
  }
  if (action !== 'skip' && args.options.has('--reason')) return '--reason applies to skip only';
  return null;
}

function generationLine(label: string, view: GenerationStatusView): string {
  const error = view.lastError === null ? '' : `  error at ${view.lastError.position} (${view.lastError.type}): ${view.lastError.message}`;
  return `${label}\tv${view.version}\t${view.status}\tcheckpoint ${view.checkpoint}/${view.head}\tlag ${view.lagEvents} events, ${view.lagMs} ms${error}\n`;
}

const statusLines = (view: ProjectionStatusView): string =>
  generationLine(view.name, view) + (view.building === null ? '' : generationLine(`${view.name} (building)`, view.building));

/** Operators' view of the read side: lag, failures, and the audited ways out (retry, skip, rebuild). */
export const projectionsCommand = defineCommand({
  name: 'projections',
  usage: 'projections [status | retry <name> | skip <name> <position> --reason <text> | rebuild <name>] [--actor <id>] [--json]',
  summary: 'show per-projection version, checkpoint, head, lag and last error; retry, skip a poison event or rebuild',
  spec: { flags: ['--json'], options: ['--reason', '--actor'] },
  check,
  async run(context, args, out) {
    const operations = new ProjectionOperations({ eventStore: context.store, readStore: await context.readStore() });
    const [action = 'status', name, position] = args.positional;
    const json = args.flags.has('--json');
    const actor = operatorOf(args, context.env);
    switch (action) {
      case 'status': {
        const views = await operations.status();
        if (json) writeJsonLine(out, views);
        else if (views.length === 0) out.stdout.write('no projections have been started\n');
        else for (const view of views) out.stdout.write(statusLines(view));
        return views.some((view) => view.status === 'failed' || view.building?.status === 'failed') ? EXIT.error : EXIT.ok;
      }
      case 'retry':
        await operations.retry(name, { actor });
        break;
      case 'skip':
        await operations.skip(name, Number(position), { actor, reason: args.options.get('--reason') });
        break;
      case 'rebuild': {
        const version = await operations.rebuild(name, { actor });
        if (json) writeJsonLine(out, { projection: name, action, version });
        else out.stdout.write(`${name}: building v${version} beside the live version; queries switch when it is caught up\n`);
        return EXIT.ok;
      }
    }
    if (json) writeJsonLine(out, { projection: name, action, actor, ...(position === undefined ? {} : { position: Number(position) }) });
    else out.stdout.write(`${name}: ${action === 'skip' ? `skipped position ${position}` : 'resumed'} (by ${actor}); the worker picks it up at its next reconcile\n`);
    return EXIT.ok;
  },
});
