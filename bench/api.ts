// `npm run bench:api`: GraphQL mutation throughput and latency against the same server's ceiling.
// Spawns the built API (`node dist/apps/api/src/main.js`, embedded mode) on a temporary data
// directory; the clients run in this process, so their CPU is not counted as the server's.
// BENCH_CLIENTS (default 32), BENCH_SCALE (default 1), BENCH_CPU_PROF=1 profiles the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BenchClient } from './api/graphql-client';
import { formatTable, runPhase, type PhaseResult } from './api/stats';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? '32');
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
/** The free plan schedules at most 30 posts per organization: each client works in several. */
const ORGS_PER_CLIENT = Math.max(1, Math.round(4 * SCALE));
const SCHEDULES_PER_ORG = 25;
const CEILING_PER_CLIENT = Math.max(10, Math.round(400 * SCALE));
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 50;
const PASSWORD = 'correct horse battery staple';
const root = path.resolve(__dirname, '..', '..');

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { access { token } } }`;
const CREATE_ORG = `mutation ($name: String!) { createOrganization(input: { name: $name, timeZone: "UTC" }) { organizationId access { token } } }`;
const WEBHOOK = `mutation ($input: ConnectWebhookAccountInput!) { connectWebhookAccount(input: $input) { accountId } }`;
const DRAFT = `mutation ($input: DraftPostInput!) { draftPost(input: $input) { postId } }`;
const SCHEDULE = `mutation ($input: SchedulePostInput!) { schedulePost(input: $input) { postId revision } }`;
const CEILING = `{ me { userId } }`;

interface Workspace {
  readonly client: BenchClient;
  readonly accountId: string;
  readonly drafts: string[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const profile =
    process.env.BENCH_CPU_PROF === '1'
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, '.cache', 'bench', 'api-profile')}`]
      : [];
  const child = spawn(process.execPath, [...profile, path.join(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HERALD_MODE: 'embedded',
      HERALD_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // 32 clients on one address and a handful of users would trip the production budgets at once;
      // the bench measures the server's work per operation, so the per-user/IP budgets are off.
      RATE_LIMIT_USER_PER_MINUTE: process.env.RATE_LIMIT_USER_PER_MINUTE ?? '0',
      RATE_LIMIT_IP_PER_MINUTE: process.env.RATE_LIMIT_IP_PER_MINUTE ?? '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.stdout?.resume();
  // LOG_LEVEL=warn hides the start-up line: wait until GraphQL answers instead.
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (exited !== undefined) throw new Error(`the API exited with ${exited} during start-up`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ serverInfo { name } }' }),
      });
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error('the API did not answer within 60 s');
}

async function workspace(url: string, index: number): Promise<Workspace> {
  const client = new BenchClient(url);
  const registered = await client.call<{ register: { access: { token: string } } }>(REGISTER, {
    input: { email: `bench.${index}@example.com`, name: `Bench ${index}`, password: PASSWORD },
  });
  client.token = registered.register.access.token;
  const created = await client.call<{ createOrganization: { access: { token: string } } }>(CREATE_ORG, {
    name: `Bench org ${index}`,
  });
  client.token = created.createOrganization.access.token;
  const connected = await client.call<{ connectWebhookAccount: { accountId: string } }>(WEBHOOK, {
    input: {
      kind: 'generic',
      url: `https://hooks.example.com/bench-${index}`,
      name: `bench-${index}`,
      signingSecret: 'a-long-enough-signing-secret',
    },
  });
  return { client, accountId: connected.connectWebhookAccount.accountId, drafts: [] };
}

function line(name: string, met: boolean, detail: string): string {
  return `${met ? 'MET   ' : 'MISSED'} ${name}: ${detail}`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-api-'));
  const port = await freePort();
  const server = await startServer(dataDir, port);
  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    const setupStarted = Date.now();
    const spaces: Workspace[] = [];
    for (let i = 0; i < CLIENTS * ORGS_PER_CLIENT; i += 8) {
      const batch = Array.from({ length: Math.min(8, CLIENTS * ORGS_PER_CLIENT - i) }, (_, k) =>
        workspace(url, i + k),
      );
      spaces.push(...(await Promise.all(batch)));
    }
    // Client c works through workspaces c, c + CLIENTS, …: one connection per client, its token switched per workspace.
    const clients = Array.from({ length: CLIENTS }, (_, c) => spaces.filter((_, i) => i % CLIENTS === c));
    console.log(
      `setup: ${spaces.length} users, organizations and webhook accounts in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    const opsPerClient = ORGS_PER_CLIENT * SCHEDULES_PER_ORG;
    const workspaceOf = (own: Workspace[], n: number): Workspace => own[Math.floor(n / SCHEDULES_PER_ORG)];
    // Warm-up: JIT and caches, not measured.
    await runPhase('warm-up', clients, 50, (own) => own[0].client.call(CEILING));

    const ceiling = await runPhase('ceiling: { me { userId } }', clients, CEILING_PER_CLIENT, (own) =>
      own[0].client.call(CEILING),
    );
    const drafts = await runPhase(
      'draftPost (to schedule next)',
      clients,
      opsPerClient,
      async (own, _c, n) => {
        const space = workspaceOf(own, n);
        const data = await space.client.call<{ draftPost: { postId: string } }>(DRAFT, {
          input: { text: `Bench post ${n}`, hashtags: ['bench'] },
        });
        space.drafts.push(data.draftPost.postId);
      },
    );
    const nextYear = new Date().getUTCFullYear() + 1;
    const schedules = await runPhase('schedulePost', clients, opsPerClient, async (own, c, n) => {
      const space = workspaceOf(own, n);
      const at = new Date(Date.UTC(nextYear, 0, 1) + (c * opsPerClient + n) * 60_000).toISOString();
      await space.client.call(SCHEDULE, {
        input: {
          postId: space.drafts[n % SCHEDULES_PER_ORG],
          at,
          timeZone: 'UTC',
          accountIds: [space.accountId],
        },
      });
    });
    const rows: PhaseResult[] = [ceiling, drafts, schedules];

    console.log(
      `\nHerald API, ${CLIENTS} concurrent clients, ${os.cpus().length} cores, node ${process.version}, embedded mode (SQLite FULL)\n`,
    );
    console.log(formatTable(rows, ceiling));
    const ratio = schedules.opsPerSecond / ceiling.opsPerSecond;
    console.log('');
    console.log(
      line(
        `schedulePost throughput >= ${TARGET_RATIO * 100}% of the ceiling`,
        ratio >= TARGET_RATIO,
        `${(ratio * 100).toFixed(1)}% (${ratio >= TARGET_RATIO ? '+' : ''}${((ratio - TARGET_RATIO) * 100).toFixed(1)} points)`,
      ),
    );
    console.log(
      line(
        `schedulePost p99 <= ${TARGET_P99_MS} ms`,
        schedules.p99Ms <= TARGET_P99_MS,
        `${schedules.p99Ms.toFixed(1)} ms (${schedules.p99Ms <= TARGET_P99_MS ? 'under by' : 'over by'} ${Math.abs(schedules.p99Ms - TARGET_P99_MS).toFixed(1)} ms)`,
      ),
    );
    for (const space of spaces) space.client.close();
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
