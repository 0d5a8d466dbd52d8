import { SchedulePostCommand } from '@herald/posts';
import type { BestTimeSource, ScheduleRequest, ScheduleSink } from '@herald/agents';
import type { CommandBus } from '@nestjs/cqrs';
import { type AgentsRig, openAgentsRig } from './rig';
import type { TimedModelServer } from './timed-model-server';

/** The three model answers one content workflow asks for: trends, draft, optimization. */
const REPLIES = [
  JSON.stringify({ summary: 'Picnic posts outperform sales posts.', angles: ['Weekend checklist'] }),
  JSON.stringify({
    text: 'Spring picnics are back! Join us Saturday in the park. Book your spot today.',
    hashtags: ['picnic'],
    callToAction: 'Book your spot today.',
    variants: {},
  }),
  JSON.stringify({
    rewrite: 'Picnic season: Saturday, the park, baskets ready. Book your spot today.',
    hashtags: ['picnic', 'springvibes'],
    predictedEngagementRate: 0.05,
    confidence: 'medium',
    reasons: ['Opens with the occasion'],
  }),
];

const bestTimes: BestTimeSource = {
  bestTimes: async () => ({
    timeZone: 'Europe/Paris',
    minSamples: 3,
    best: [{ weekday: 4, hour: 18, samples: 6, averageEngagementRate: 0.08 }],
  }),
};

/** Schedules through the real SchedulePost command, as the GraphQL edge does. */
class CommandScheduleSink implements ScheduleSink {
  constructor(private readonly bus: CommandBus) {}
  schedule(request: ScheduleRequest) {
    return this.bus.execute(
      new SchedulePostCommand(
        request.postId,
        'editor',
        request.at,
        request.timeZone,
        null,
        request.platforms.map((platform) => ({
          accountId: `acct-${platform}`,
          platform,
          accountStatus: 'active' as const,
          dailyCap: 1_000_000,
          scheduledThatDay: 0,
        })),
        false,
        { limit: 1_000_000, scheduledPosts: 0 },
        request.metadata,
      ),
    );
  }
}

/** What one run cost: wall time, the model server's own time, the steps Herald recorded. */
export interface RunSample {
  readonly wallMs: number;
  readonly modelMs: number;
  readonly modelCalls: number;
  /** LangGraph steps, counted as the step and tool-call events the runner appended for them. */
  readonly steps: number;
  readonly events: number;
}

const STEP_EVENTS = new Set(['agentTask.stepRecorded', 'agentTask.toolCallRecorded']);

export interface OverheadRig {
  /** One content workflow: request, run to the approval interrupt, approve, schedule, complete. */
  workflow(): Promise<RunSample>;
  close(): Promise<void>;
}

export async function openOverheadRig(model: TimedModelServer): Promise<OverheadRig> {
  const sut: AgentsRig = await openAgentsRig({
    llmBaseUrl: model.baseUrl,
    bestTime: bestTimes,
    schedule: (bus) => new CommandScheduleSink(bus),
  });
  return {
    workflow: async () => {
      model.script(...REPLIES);
      model.take();
      const before = (await sut.store.readAll()).length;
      const started = performance.now();
      const requested = await sut.request('content_workflow', { topic: 'spring picnic', platforms: ['x'] });
      const { taskId } = requested.data as { taskId: string };
      const parked = await sut.runner.handle(requested);
      if (parked?.status !== 'awaiting_approval') throw new Error(`workflow ended ${JSON.stringify(parked)}`);
      const done = await sut.runner.decide(taskId, {
        approved: true,
        approverId: 'user-max',
        approverRole: 'manager',
      });
      const wallMs = performance.now() - started;
      if (done.status !== 'completed') throw new Error(`approval ended ${JSON.stringify(done)}`);
      const { modelMs, calls } = model.take();
      const appended = (await sut.store.readAll()).slice(before);
      return {
        wallMs,
        modelMs,
        modelCalls: calls,
        steps: appended.filter((event) => STEP_EVENTS.has(event.type)).length,
        events: appended.length,
      };
    },
    close: () => sut.close(),
  };
}
