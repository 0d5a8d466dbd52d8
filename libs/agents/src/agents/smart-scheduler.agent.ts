import { HeraldError } from '@herald/shared-kernel';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { defineAgent } from '../runner/agent-definition';
import { optionalPlatform, wholeNumber } from '../runner/input-fields';
import type { BestTimes } from '../stats/best-time.port';
import { nextSlots, type SuggestedSlot } from '../stats/next-slots';

const DAY_MS = 86_400_000;

const SchedulerState = Annotation.Root({
  bestTimes: Annotation<BestTimes | null>({ reducer: (_, update) => update, default: () => null }),
  slots: Annotation<SuggestedSlot[]>({ reducer: (_, update) => update, default: () => [] }),
});

/**
 * Publication times from the organization's own best-time heatmap only: the next instants on its
 * strongest weekday × hour cells. With too few measured posts it says so and suggests nothing,
 * rather than fall back to generic "best times" that have nothing to do with this audience.
 */
export const smartSchedulerAgent = defineAgent({
  kind: 'smart_scheduler',
  generative: false,
  parseInput: (input) => ({
    platform: optionalPlatform(input),
    count: wholeNumber(input, 'count', 3, 1, 10),
    lookbackDays: wholeNumber(input, 'lookbackDays', 90, 7, 365),
    minSamples: wholeNumber(input, 'minSamples', 3, 1, 100),
  }),
  run: async (run, input, services) => {
    const source = services.bestTime;
    if (source === null)
      throw new HeraldError('AI.INPUT_INVALID', 'No analytics source is wired to the smart scheduler.', {
        field: 'analytics',
      });
    const now = run.clock.now();
    const graph = new StateGraph(SchedulerState)
      .addNode('read_heatmap', async () => ({
        bestTimes: await run.tool(
          'analytics.bestTimes',
          { platform: input.platform, lookbackDays: input.lookbackDays, minSamples: input.minSamples },
          () =>
            source.bestTimes({
              organizationId: run.task.organizationId,
              from: new Date(now.getTime() - input.lookbackDays * DAY_MS).toISOString().slice(0, 10),
              to: now.toISOString().slice(0, 10),
              minSamples: input.minSamples,
              top: Math.max(input.count, 5),
              ...(input.platform === null ? {} : { platform: input.platform }),
            }),
          (times) => ({ timeZone: times.timeZone, cells: times.best.length }),
        ),
      }))
      .addNode('pick_slots', async (state: typeof SchedulerState.State) => {
        const times = state.bestTimes;
        if (times === null) return {};
        const slots = nextSlots(times.best, times.timeZone, now, input.count);
        await run.step(
          'smart_scheduler.slots',
          slots.length === 0
            ? 'not enough measured posts'
            : slots.map((slot) => `${slot.local} (${slot.at})`).join(', '),
        );
        return { slots };
      })
      .addEdge(START, 'read_heatmap')
      .addEdge('read_heatmap', 'pick_slots')
      .addEdge('pick_slots', END)
      .compile();
    const final = await graph.invoke({}, { signal: run.signal });
    const times = final.bestTimes;
    return {
      timeZone: times?.timeZone ?? null,
      platform: input.platform,
      slots: final.slots,
      basis: {
        lookbackDays: input.lookbackDays,
        minSamples: input.minSamples,
        cells: times?.best.length ?? 0,
      },
      note:
        final.slots.length === 0
          ? `Not enough measured posts: no weekday × hour slot has ${input.minSamples} or more in the last ${input.lookbackDays} days. Publish and measure more, or lower minSamples.`
          : null,
    };
  },
});
