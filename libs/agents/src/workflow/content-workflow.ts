import {
  Annotation,
  type BaseCheckpointSaver,
  Command,
  END,
  INTERRUPT,
  interrupt,
  MemorySaver,
  START,
  StateGraph,
} from '@langchain/langgraph';
import type { SocialPlatform } from '@herald/accounts';
import { CONTENT_ROLES, type MemberRole } from '@herald/organizations';
import { EditPostCommand } from '@herald/posts';
import { HeraldError } from '@herald/shared-kernel';
import { parseCreatorInput } from '../agents/content-creator.agent';
import type { AgentRun, RunScope } from '../runner/agent-run';
import {
  type AgentDefinition,
  type AgentResult,
  AwaitingApproval,
  defineAgent,
} from '../runner/agent-definition';
import { type AgentTask, agentMetadata } from '../runner/agent-task';
import type { AgentRunner, RunOutcome } from '../runner/agent-runner';
import { SpentTokens } from '../runner/agent-run';
import type { ScheduleSink } from './schedule-sink.port';

export interface ApprovalDecision {
  readonly approved: boolean;
  readonly approverId: string;
  readonly approverRole: MemberRole;
  /** Overrides the proposed slot (ISO-8601 instant); required when no slot was proposed. */
  readonly at?: string | null;
  readonly timeZone?: string | null;
  readonly reason?: string | null;
}

interface ChildOutcome {
  readonly taskId: string;
  readonly result: AgentResult;
}

export interface ApprovalProposal {
  readonly postId: string;
  readonly text: string;
  readonly hashtags: readonly string[];
  readonly slots: readonly { at: string; local: string; timeZone: string }[];
  readonly timeZone: string | null;
  readonly childTasks: readonly string[];
}

const WorkflowState = Annotation.Root({
  // The parked task travels in the checkpoint: a worker restarted after the interrupt needs it to resume.
  task: Annotation<AgentTask | null>({ reducer: (_, update) => update, default: () => null }),
  trends: Annotation<ChildOutcome | null>({ reducer: (_, update) => update, default: () => null }),
  draft: Annotation<ChildOutcome | null>({ reducer: (_, update) => update, default: () => null }),
  optimized: Annotation<ChildOutcome | null>({ reducer: (_, update) => update, default: () => null }),
  schedule: Annotation<ChildOutcome | null>({ reducer: (_, update) => update, default: () => null }),
  decision: Annotation<ApprovalDecision | null>({ reducer: (_, update) => update, default: () => null }),
  scheduled: Annotation<{ at: string; timeZone: string; revision: number | null } | null>({
    reducer: (_, update) => update,
    default: () => null,
  }),
});
type State = typeof WorkflowState.State;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/**
 * The content-creation workflow: trends → draft → optimize → schedule suggestion, each a child
 * agent task with its own auditable stream, then a LangGraph interrupt: nothing is scheduled until
 * a person approves. The graph's state between the interrupt and the decision lives in the
 * checkpointer: with the SQLite one (`openSqliteWorkflowCheckpointer`) a restarted worker resumes
 * the approval; with the in-memory default it answers AI.APPROVAL_NOT_PENDING.
 */
export class ContentWorkflow {
  readonly definition: AgentDefinition<ReturnType<typeof parseCreatorInput>>;
  private readonly checkpointer: BaseCheckpointSaver;
  /** Decisions being applied in this process: a second click must not resume the graph twice. */
  private readonly deciding = new Set<string>();

  constructor(
    private readonly runner: AgentRunner,
    private readonly options: {
      readonly schedule: ScheduleSink | null;
      readonly checkpointer?: BaseCheckpointSaver;
    },
  ) {
    this.checkpointer = options.checkpointer ?? new MemorySaver();
    this.definition = defineAgent({
      kind: 'content_workflow',
      generative: true,
      parseInput: (input) => parseCreatorInput({ ...input, createDraft: true }),
      run: (run, input) => this.start(run, input),
    });
  }

  async isWaiting(taskId: string): Promise<boolean> {
    return (await this.parkedTask(taskId)) !== null;
  }

  /** A cancelled workflow's checkpoints go, so no later decision can resume it. */
  async discard(taskId: string): Promise<void> {
    await this.checkpointer.deleteThread(taskId);
  }

  /** The task whose graph stopped at the approval interrupt, read from the checkpointer. */
  private async parkedTask(taskId: string): Promise<AgentTask | null> {
    const tuple = await this.checkpointer.getTuple({ configurable: { thread_id: taskId } });
    if (tuple === undefined) return null;
    const interrupted = (tuple.pendingWrites ?? []).some(([, channel]) => channel === INTERRUPT);
    const task = (tuple.checkpoint.channel_values as { task?: AgentTask | null }).task ?? null;
    return interrupted && task !== null && task.taskId === taskId ? task : null;
  }

  private async start(
    run: AgentRun,
    input: ReturnType<typeof parseCreatorInput>,
  ): Promise<AgentResult | AwaitingApproval> {
    const graph = this.graph(run, input.platforms, input);
    const config = { configurable: { thread_id: run.task.taskId }, signal: run.signal };
    let final: State;
    try {
      final = await graph.invoke({ task: run.task }, config);
    } catch (error) {
      // A workflow that failed before its interrupt can never be approved: keep no state for it.
      await this.checkpointer.deleteThread(run.task.taskId);
      throw error;
    }
    const snapshot = await graph.getState(config);
    const pending = snapshot.tasks.flatMap((task) => task.interrupts);
    if (pending.length > 0) {
      const proposal = pending[0].value as ApprovalProposal;
      await run.step('workflow.awaiting_approval', `draft ${proposal.postId} waits for a person's approval`);
      return new AwaitingApproval(proposal);
    }
    return this.resultOf(final);
  }

  /** A person's decision on a parked workflow: resumes the graph, which schedules only if approved. */
  async decide(taskId: string, decision: ApprovalDecision): Promise<RunOutcome> {
    const notPending = () =>
      new HeraldError('AI.APPROVAL_NOT_PENDING', 'This workflow is not waiting for an approval.', {
        taskId,
      });
    const task = await this.parkedTask(taskId);
    if (task === null) throw notPending();
    if (!CONTENT_ROLES.includes(decision.approverRole)) {
      throw new HeraldError(
        'AGENT_TASK.FORBIDDEN',
        `Only ${CONTENT_ROLES.join(', ')} members can approve a workflow's schedule.`,
      );
    }
    // Checked after the await: another decision may have started while the checkpoint was read.
    if (this.deciding.has(taskId)) throw notPending();
    this.deciding.add(taskId);
    try {
      return await this.resume(task, decision);
    } finally {
      // Whatever the outcome, the task's stream has ended: the thread can never be resumed again.
      await this.checkpointer.deleteThread(taskId);
      this.deciding.delete(taskId);
    }
  }

  private async resume(task: AgentTask, decision: ApprovalDecision): Promise<RunOutcome> {
    const taskId = task.taskId;
    const allowance = await this.runner.allowance(task.organizationId);
    return this.runner.withDeadline(
      task,
      { spent: new SpentTokens(), allowance },
      async (scope: RunScope) => {
        const run = this.runner.newRun(task, scope);
        const input = parseCreatorInput({ ...task.input, createDraft: true });
        const graph = this.graph(run, input.platforms, input);
        const config = { configurable: { thread_id: taskId }, signal: scope.signal };
        const final = await graph.invoke(new Command({ resume: decision }), config);
        const result = this.resultOf(final);
        await this.runner.complete(task, run, result);
        return { status: 'completed', taskId, result };
      },
    );
  }

  private graph(run: AgentRun, platforms: SocialPlatform[], input: ReturnType<typeof parseCreatorInput>) {
    const child = (kind: Parameters<AgentRunner['runChild']>[1], childInput: Record<string, unknown>) =>
      this.runner.runChild(run.task, kind, childInput, run.scope);
    return new StateGraph(WorkflowState)
      .addNode('analyze_trends', async () => {
        const trends = await child('trend_analyzer', { topic: input.topic, platforms });
        await run.step('workflow.trends', `trend_analyzer task ${trends.taskId}`);
        return { trends };
      })
      .addNode('write_draft', async (state: State) => {
        const angles = strings(state.trends?.result.angles);
        const brief = [
          input.brief,
          angles.length === 0 ? null : `Angles that suit the organization now: ${angles.join('; ')}`,
        ]
          .filter((part): part is string => part !== null)
          .join('\n');
        const draft = await child('content_creator', {
          topic: input.topic,
          platforms,
          ...(brief === '' ? {} : { brief }),
          ...(input.callToAction === null ? {} : { callToAction: input.callToAction }),
          ...(input.link === null ? {} : { link: input.link }),
        });
        await run.step(
          'workflow.draft',
          `content_creator task ${draft.taskId} drafted post ${str(draft.result.postId)}`,
        );
        return { draft };
      })
      .addNode('optimize_draft', async (state: State) => {
        const draft = state.draft?.result ?? {};
        const optimized = await child('engagement_optimizer', {
          text: str(draft.text),
          platform: platforms[0],
          hashtags: strings(draft.hashtags),
        });
        const rewrite = str(optimized.result.rewrite);
        const issues = strings(optimized.result.issues);
        // The rewrite replaces the draft's text only if it breaks no platform rule; the edit goes through the posts context.
        if (rewrite !== '' && rewrite !== str(draft.text) && issues.length === 0) {
          await run.tool(
            'posts.edit',
            { postId: str(draft.postId), reason: 'engagement_optimizer rewrite' },
            () =>
              this.runner.commands.execute(
                new EditPostCommand(
                  str(draft.postId),
                  'editor',
                  {
                    text: rewrite,
                    title: null,
                    media: [],
                    hashtags: strings(optimized.result.hashtags),
                    mentions: [],
                    links: input.link === null ? [] : [input.link],
                  },
                  {},
                  agentMetadata(run.task),
                ),
              ),
            (outcome) => ({ revision: outcome.revision }),
          );
        }
        return { optimized };
      })
      .addNode('suggest_slots', async () => {
        const schedule = await child('smart_scheduler', { platform: platforms[0], count: 3 });
        return { schedule };
      })
      .addNode('await_approval', (state: State) => {
        const draft = state.draft?.result ?? {};
        const optimized = state.optimized?.result ?? {};
        const applied = strings(optimized.issues).length === 0 && str(optimized.rewrite) !== '';
        const slots = Array.isArray(state.schedule?.result.slots)
          ? (state.schedule?.result.slots as ApprovalProposal['slots'])
          : [];
        const proposal: ApprovalProposal = {
          postId: str(draft.postId),
          text: applied ? str(optimized.rewrite) : str(draft.text),
          hashtags: applied ? strings(optimized.hashtags) : strings(draft.hashtags),
          slots: slots.map((slot) => ({ at: slot.at, local: slot.local, timeZone: slot.timeZone })),
          timeZone:
            typeof state.schedule?.result.timeZone === 'string' ? state.schedule.result.timeZone : null,
          childTasks: [state.trends, state.draft, state.optimized, state.schedule].flatMap((outcome) =>
            outcome === null ? [] : [outcome.taskId],
          ),
        };
        // Everything above runs once; this node re-runs on resume, so it does nothing before interrupt().
        const decision = interrupt<ApprovalProposal, ApprovalDecision>(proposal);
        return { decision };
      })
      .addNode('apply_decision', async (state: State) => {
        const decision = state.decision;
        const postId = str(state.draft?.result.postId);
        if (decision === null || !decision.approved) {
          await run.step(
            'workflow.rejected',
            `rejected by ${decision?.approverId ?? 'unknown'}${decision?.reason ? `: ${decision.reason}` : ''}; post ${postId} stays a draft`,
          );
          return {};
        }
        const slots = Array.isArray(state.schedule?.result.slots)
          ? (state.schedule?.result.slots as ApprovalProposal['slots'])
          : [];
        const at = decision.at ?? slots[0]?.at ?? null;
        const timeZone = decision.timeZone ?? slots[0]?.timeZone ?? null;
        if (at === null || timeZone === null) {
          throw new HeraldError(
            'AI.INPUT_INVALID',
            'No slot was proposed: the approval must give a time (at) and a time zone.',
            { field: 'at' },
          );
        }
        await run.step('workflow.approved', `approved by ${decision.approverId} for ${at} (${timeZone})`);
        const sink = this.options.schedule;
        if (sink === null)
          throw new HeraldError('AI.INPUT_INVALID', 'No scheduler is wired to the content workflow.', {
            field: 'schedule',
          });
        const outcome = await run.tool(
          'posts.schedule',
          { postId, at, timeZone, approvedBy: decision.approverId },
          () =>
            sink.schedule({
              organizationId: run.task.organizationId,
              postId,
              at,
              timeZone,
              platforms,
              approverRole: decision.approverRole,
              metadata: {
                tenantId: run.task.organizationId,
                actor: { kind: 'user', id: decision.approverId },
                correlationId: run.task.correlationId,
                causationId: run.task.causationId,
              },
            }),
        );
        return { scheduled: { at, timeZone, revision: outcome.revision } };
      })
      .addEdge(START, 'analyze_trends')
      .addEdge('analyze_trends', 'write_draft')
      .addEdge('write_draft', 'optimize_draft')
      .addEdge('optimize_draft', 'suggest_slots')
      .addEdge('suggest_slots', 'await_approval')
      .addEdge('await_approval', 'apply_decision')
      .addEdge('apply_decision', END)
      .compile({ checkpointer: this.checkpointer });
  }

  private resultOf(state: State): AgentResult {
    return {
      postId: str(state.draft?.result.postId),
      approved: state.decision?.approved ?? false,
      decidedBy: state.decision?.approverId ?? null,
      scheduled: state.scheduled,
      childTasks: {
        trends: state.trends?.taskId ?? null,
        draft: state.draft?.taskId ?? null,
        optimize: state.optimized?.taskId ?? null,
        schedule: state.schedule?.taskId ?? null,
      },
    };
  }
}
