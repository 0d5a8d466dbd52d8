import { auditQueries, type AuditEntry, type AuditListInput } from '@herald/projections/audit';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { defineCommand, EXIT, writeJsonLine, type ParsedArgs } from './cli-command';

const DEFAULT_LIMIT = 100;
const PAGE = 100;

/** `--resource post` (a category) or `--resource post-<id>` (one stream). */
function resourceFilter(resource: string | undefined): Pick<AuditListInput, 'resourceType' | 'resourceId'> {
  if (resource === undefined) return {};
  const dash = resource.indexOf('-');
  return dash < 0
    ? { resourceType: resource }
    : { resourceType: resource.slice(0, dash), resourceId: resource.slice(dash + 1) };
}

function listInput(args: ParsedArgs): AuditListInput {
  const option = (name: string): string | undefined => args.options.get(name);
  return {
    organizationId: option('--organization') ?? null,
    actorId: option('--actor'),
    ...resourceFilter(option('--resource')),
    correlationId: option('--correlation'),
    from: option('--from'),
    to: option('--to'),
    order: 'asc',
  };
}

const line = (entry: AuditEntry): string =>
  `${entry.position}\t${entry.occurredAt}\t${entry.actorKind}:${entry.actorId}\t${entry.action}\t${entry.streamId}@${entry.revision}\n`;

export const auditCommand = defineCommand({
  name: 'audit',
  usage:
    'audit [--organization <id>] [--actor <id>] [--resource <type>[-<id>]] [--correlation <id>] [--from <instant>] [--to <instant>] [--limit <n>] [--json]',
  summary:
    'list audit-trail entries, oldest first (without --organization: the platform trail of events outside organizations)',
  spec: { flags: ['--json'], options: ['--organization', '--actor', '--resource', '--correlation', '--from', '--to', '--limit'] },
  check(args) {
    if (args.positional.length > 0) return 'audit takes options only';
    const limit = args.options.get('--limit');
    if (limit !== undefined && !/^[1-9]\d{0,5}$/.test(limit)) return '--limit must be a positive integer';
    return null;
  },
  async run(context, args, out) {
    const queries = auditQueries(new ProjectionCatalog(await context.readStore()));
    const limit = Number(args.options.get('--limit') ?? DEFAULT_LIMIT);
    const input = listInput(args);
    let after: string | null = null;
    let printed = 0;
    do {
      const page = await queries.list({ ...input, after, limit: Math.min(PAGE, limit - printed) });
      for (const entry of page.items) {
        if (args.flags.has('--json')) writeJsonLine(out, entry);
        else out.stdout.write(line(entry));
      }
      printed += page.items.length;
      after = page.nextCursor;
    } while (after !== null && printed < limit);
    if (!args.flags.has('--json')) out.stderr.write(`${printed} entries${after === null ? '' : ' (more: raise --limit)'}\n`);
    return EXIT.ok;
  },
});
