import { AGENT_TASK_KINDS, type AgentTaskKind } from '@herald/agent-tasks';
import { planLimits, type PlanId } from '@herald/organizations';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import { HeraldError } from '@herald/shared-kernel';
import type { Filter, ReadStore } from '@herald/read-store';
import { allowedValues, pageLimit, requireId, requireOrganizationId } from '@herald/projections/support';
import {
  AGENT_TASK_STATUSES,
  AGENT_TASKS_COLLECTIONS as C,
  AGENT_TASKS_PROJECTION,
  monthlyUsageId,
  type AgentTaskDocument,
  type AgentTaskStatus,
  type ModelUsageDocument,
  type MonthlyUsageDocument,
  type PlanDocument,
  type UsageFigures,
} from './agent-tasks.documents';

export type AgentTaskView = Omit<AgentTaskDocument, '_id'> & { taskId: string };

export interface AgentTaskListInput {
  readonly organizationId: string;
  readonly status?: AgentTaskStatus | readonly AgentTaskStatus[];
  readonly kind?: AgentTaskKind | readonly AgentTaskKind[];
  readonly requestedBy?: string;
  /** A workflow's steps; `null` lists top-level tasks only. */
  readonly parentTaskId?: string | null;
  readonly limit?: number;
  readonly after?: string | null;
}

export interface AgentTaskPage {
  readonly items: AgentTaskView[];
  readonly nextCursor: string | null;
}

export interface MonthlyUsage extends UsageFigures {
  readonly organizationId: string;
  readonly month: string;
  readonly plan: PlanId | null;
  /** Tokens in + out: what the plan's AI budget counts. */
  readonly tokens: number;
  /** The plan's monthly token budget; null when the plan is unknown to the projection. */
  readonly budgetTokens: number | null;
  readonly remainingTokens: number | null;
  readonly overBudget: boolean;
  readonly byKind: Partial<Record<AgentTaskKind, UsageFigures>>;
  readonly byModel: (UsageFigures & { model: string })[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 36;

function requireMonth(value: unknown, field: string): string {
  if (typeof value !== 'string' || !MONTH.test(value)) {
    throw new HeraldError('VALIDATION.FAILED', `${field} must be a month as YYYY-MM.`, { field });
  }
  return value;
}

function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

const figuresOf = (source: Partial<UsageFigures> | undefined): UsageFigures => ({
  tokensIn: source?.tokensIn ?? 0,
  tokensOut: source?.tokensOut ?? 0,
  costUsdMicros: source?.costUsdMicros ?? 0,
  completedTasks: source?.completedTasks ?? 0,
});

function view({ _id, ...document }: AgentTaskDocument & { _position?: number }): AgentTaskView {
  const { _position: _, ...fields } = document;
  return { taskId: _id, ...fields };
}

export function agentTasksQueries(_readStore: ReadStore, catalog: ProjectionCatalog) {
  const tasks = () => catalog.open<AgentTaskDocument>(AGENT_TASKS_PROJECTION, C.tasks);

  async function monthlyUsage(input: { organizationId: string; month: string }): Promise<MonthlyUsage> {
    const organizationId = requireOrganizationId(input.organizationId);
    const month = requireMonth(input.month, 'month');
    const usage = await (
      await catalog.open<MonthlyUsageDocument>(AGENT_TASKS_PROJECTION, C.usage)
    ).findOne({ _id: monthlyUsageId(organizationId, month) });
    const models = await (
      await catalog.open<ModelUsageDocument>(AGENT_TASKS_PROJECTION, C.modelUsage)
    ).find({ organizationId, month }, { sort: { model: 1 } });
    const plan = await (
      await catalog.open<PlanDocument>(AGENT_TASKS_PROJECTION, C.plans)
    ).findOne({ _id: organizationId });
    const figures = figuresOf(usage ?? undefined);
    const tokens = figures.tokensIn + figures.tokensOut;
    const budgetTokens = plan === null ? null : planLimits(plan.plan).aiTokensPerMonth;
    const byKind: Partial<Record<AgentTaskKind, UsageFigures>> = {};
    for (const kind of AGENT_TASK_KINDS)
      if (usage?.byKind?.[kind] !== undefined) byKind[kind] = figuresOf(usage.byKind[kind]);
    return {
      organizationId,
      month,
      plan: plan?.plan ?? null,
      ...figures,
      tokens,
      budgetTokens,
      remainingTokens: budgetTokens === null ? null : Math.max(0, budgetTokens - tokens),
      overBudget: budgetTokens !== null && tokens > budgetTokens,
      byKind,
      byModel: models.map((model) => ({ model: model.model, ...figuresOf(model) })),
    };
  }

  return {
    /** Newest request first; cursor-paged. */
    async list(input: AgentTaskListInput): Promise<AgentTaskPage> {
      const filter: Filter<AgentTaskDocument> = {
        organizationId: requireOrganizationId(input.organizationId),
      };
      const statuses = allowedValues(input.status, AGENT_TASK_STATUSES, 'status');
      if (statuses !== undefined) filter.status = { $in: statuses };
      const kinds = allowedValues(input.kind, AGENT_TASK_KINDS, 'kind');
      if (kinds !== undefined) filter.kind = { $in: kinds };
      if (input.requestedBy !== undefined) filter.requestedBy = requireId(input.requestedBy, 'requestedBy');
      if (input.parentTaskId !== undefined)
        filter.parentTaskId =
          input.parentTaskId === null ? null : requireId(input.parentTaskId, 'parentTaskId');
      const page = await (
        await tasks()
      ).findPage(filter, {
        sort: { sequence: -1 },
        limit: pageLimit(input.limit),
        after: input.after ?? null,
      });
      return { items: page.items.map(view), nextCursor: page.nextCursor };
    },

    async get(input: { organizationId: string; taskId: string }): Promise<AgentTaskView> {
      const organizationId = requireOrganizationId(input.organizationId);
      const taskId = requireId(input.taskId, 'taskId');
      const task = await (await tasks()).findOne({ _id: taskId });
      if (task === null || task.organizationId !== organizationId) {
        throw new HeraldError('NOT_FOUND', 'No such agent task in this organization.', { taskId });
      }
      return view(task);
    },

    monthlyUsage,

    /** Every month from `from` to `to` (inclusive), zeros where nothing completed. */
    async usageHistory(input: { organizationId: string; from: string; to: string }): Promise<MonthlyUsage[]> {
      const from = requireMonth(input.from, 'from');
      const to = requireMonth(input.to, 'to');
      if (to < from)
        throw new HeraldError('VALIDATION.FAILED', '`to` must not be before `from`.', { field: 'to' });
      const months: string[] = [];
      for (let month = from; month <= to; month = nextMonth(month)) {
        if (months.length === MAX_MONTHS)
          throw new HeraldError('VALIDATION.FAILED', `At most ${MAX_MONTHS} months at a time.`, {
            field: 'to',
          });
        months.push(month);
      }
      return Promise.all(
        months.map((month) => monthlyUsage({ organizationId: input.organizationId, month })),
      );
    },
  };
}

export type AgentTasksQueries = ReturnType<typeof agentTasksQueries>;
