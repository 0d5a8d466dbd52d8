import { defineProjection } from '@herald/projections-runtime';
import { auditProjection } from '@herald/projections/audit';
import { uuidV7Generator } from '@herald/shared-kernel';
import { EXIT } from './commands/cli-command';
import { CliFixture, metadata, newEvent } from './testing/cli-fixture';

/** Throws on events marked `poison`, as a handler with a bug would. */
const fragileProjection = defineProjection({
  name: 'fragile',
  version: 1,
  collections: ['seen'],
  handle(event, context) {
    if ((event.data as { poison?: boolean }).poison === true) throw new Error('cannot read this event');
    context.replace('seen', event.id, { type: event.type });
  },
});

describe('herald projections / stream / as-of / audit', () => {
  let fixture: CliFixture;
  const organizationId = uuidV7Generator.next();
  const streamId = `organization-${organizationId}`;
  let between: string;

  beforeEach(async () => {
    fixture = new CliFixture();
    await fixture.withStores(async ({ store }) => {
      const meta = metadata('user-owner', { tenantId: organizationId });
      await store.append(
        streamId,
        [newEvent({ type: 'organization.created', schemaVersion: 1, data: { organizationId, name: 'Acme', slug: 'acme', plan: 'starter', ownerId: 'user-owner' } }, meta)],
        { expectedRevision: 'no_stream' },
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      between = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await store.append(
        streamId,
        [newEvent({ type: 'organization.planChanged', schemaVersion: 1, data: { organizationId, from: 'starter', to: 'agency' } }, meta)],
        { expectedRevision: 0 },
      );
      await store.append('misc-1', [newEvent({ type: 'misc.poisoned', schemaVersion: 1, data: { poison: true } }, meta)], {
        expectedRevision: 'no_stream',
      });
    });
  });

  afterEach(() => fixture.remove());

  it('stream --as-of shows only the events committed by then', async () => {
    const now = await fixture.run('stream', streamId, '--json');
    expect(now.stdout.trim().split('\n')).toHaveLength(2);
    const then = await fixture.run('stream', streamId, '--as-of', between, '--json');
    expect(then.code).toBe(EXIT.ok);
    expect(then.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['organization.created']);
  });

  it('as-of folds the aggregate into its earlier state', async () => {
    const then = await fixture.run('as-of', streamId, between, '--json');
    expect(then.code).toBe(EXIT.ok);
    const earlier = JSON.parse(then.stdout) as { revision: number; state: Record<string, unknown> };
    expect(earlier.revision).toBe(0);
    const later = JSON.parse((await fixture.run('as-of', streamId, new Date().toISOString(), '--json')).stdout) as typeof earlier;
    expect(later.revision).toBe(1);
    expect(JSON.stringify(earlier.state)).toContain('starter');
    expect(JSON.stringify(later.state)).toContain('agency');
    expect(later.state).not.toEqual(earlier.state);
  });

  it('as-of refuses an unknown category and a bad instant', async () => {
    expect(await fixture.run('as-of', 'misc-1', between)).toMatchObject({ code: EXIT.error, stderr: expect.stringMatching(/^VALIDATION\.FAILED: No aggregate is known/) });
    expect(await fixture.run('as-of', streamId, 'yesterday')).toMatchObject({ code: EXIT.error, stderr: expect.stringMatching(/^VALIDATION\.FAILED: instant must be/) });
  });

  it('shows a poisoned projection, refuses a wrong skip, then skips it with an audited reason', async () => {
    await expect(fixture.project([fragileProjection, auditProjection])).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });

    const status = await fixture.run('projections', '--json');
    expect(status.code).toBe(EXIT.error);
    const fragile = (JSON.parse(status.stdout) as { name: string; status: string; lagEvents: number; lastError: { position: number } | null }[]).find((view) => view.name === 'fragile');
    expect(fragile).toMatchObject({ status: 'failed', lagEvents: 1, lastError: { position: 3 } });

    expect(await fixture.run('projections', 'skip', 'fragile', '3')).toMatchObject({ code: EXIT.usage, stderr: expect.stringMatching(/needs --reason/) });
    expect(await fixture.run('projections', 'skip', 'fragile', '2', '--reason', 'bad data')).toMatchObject({
      code: EXIT.error,
      stderr: expect.stringMatching(/^PROJECTIONS\.SKIP_POSITION_MISMATCH: /),
    });
    const skipped = await fixture.run('projections', 'skip', 'fragile', '3', '--reason', 'malformed test event', '--actor', 'ops-anna');
    expect(skipped).toMatchObject({ code: EXIT.ok, stdout: expect.stringMatching(/skipped position 3 \(by ops-anna\)/) });
    expect(await fixture.run('projections', 'retry', 'fragile')).toMatchObject({ code: EXIT.error, stderr: expect.stringMatching(/^PROJECTIONS\.NOT_FAILED: /) });

    await fixture.project([fragileProjection, auditProjection]);
    const after = await fixture.run('projections');
    expect(after.code).toBe(EXIT.ok);
    expect(after.stdout).toMatch(/^fragile\tv1\trunning\tcheckpoint 3\/3\tlag 0 events, 0 ms$/m);
  });

  it('retry resumes a failed projection and rebuild starts a new version', async () => {
    await expect(fixture.project([fragileProjection])).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });
    expect(await fixture.run('projections', 'retry', 'fragile')).toMatchObject({ code: EXIT.ok, stdout: expect.stringMatching(/resumed/) });
    const status = JSON.parse((await fixture.run('projections', 'status', '--json')).stdout) as { status: string; lastError: unknown }[];
    expect(status[0]).toMatchObject({ status: 'running', lastError: null });
    expect(await fixture.run('projections', 'rebuild', 'fragile')).toMatchObject({ code: EXIT.ok, stdout: expect.stringMatching(/building v2/) });
    expect(await fixture.run('projections', 'rebuild', 'fragile')).toMatchObject({ code: EXIT.error, stderr: expect.stringMatching(/^PROJECTIONS\.REBUILD_IN_PROGRESS/) });
  });

  it('audit lists the trail of an organization, filtered by actor', async () => {
    await expect(fixture.project([fragileProjection, auditProjection])).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });
    const result = await fixture.run('audit', '--organization', organizationId, '--resource', streamId, '--json');
    expect(result.code).toBe(EXIT.ok);
    const entries = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { action: string; actorId: string });
    expect(entries.map((entry) => entry.action)).toEqual(['organization.created', 'organization.planChanged']);
    expect((await fixture.run('audit', '--organization', organizationId, '--actor', 'someone-else', '--json')).stdout).toBe('');
  });

  it.each([
    [['projections', 'explode'], /unknown projections action "explode"/],
    [['projections', 'skip', 'fragile', 'x', '--reason', 'r'], /position must be a positive integer/],
    [['stream'], /stream takes exactly one stream id/],
    [['as-of', streamId], /as-of takes a stream id and an instant/],
    [['export'], /export takes exactly one subject id/],
    [['audit', '--limit', '0'], /--limit must be a positive integer/],
    [['erase', 'u', '--reason'], /option --reason needs a value/],
  ])('refuses %j with a usage message', async (argv, expected) => {
    const result = await fixture.run(...argv);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(expected);
  });
});
