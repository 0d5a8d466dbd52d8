/**
 * @herald/agents — LangGraph agents with Chroma memory; every decision an agent-task event.
 *
 * `createAgentRuntime({ config, commands, budget, bestTime, performance, schedule })` wires the
 * model (any OpenAI-compatible endpoint, or none), the embedder and the vector memory from
 * HeraldConfig. The worker feeds `runtime.runner.handle(event)` every `agentTask.requested` and
 * `agentTask.cancelled` event; the API calls `runner.decide(taskId, decision)` for a content
 * workflow waiting for approval. Memory is per organization; `memory.forgetSubject(id)` is the
 * erasure hook.
 */
export * from './agent-runtime';
export * from './llm/llm.port';
export * from './llm/llm-settings';
export * from './llm/model-pricing';
export { OpenAiChatClient } from './llm/openai/openai-chat.client';
export * from './embeddings/embedder.port';
export { HashingEmbedder } from './embeddings/hashing-embedder';
export { OpenAiEmbedder } from './embeddings/openai-embedder';
export * from './memory/vector-memory.port';
export { InMemoryVectorMemory } from './memory/in-memory/in-memory-vector-memory';
export { ChromaVectorMemory, type ChromaVectorMemoryOptions } from './memory/chroma/chroma-vector-memory';
export * from './runner/agent-runner';
export { type RunLimits, DEFAULT_RUN_LIMITS } from './runner/agent-run';
export type { AgentDefinition, AgentResult, AgentServices } from './runner/agent-definition';
export { type AgentTask, agentTaskFromRequested } from './runner/agent-task';
export type { CommandDispatcher } from './runner/command-dispatcher.port';
export * from './runner/token-budget.port';
export { ALL_AGENTS } from './agents/all-agents';
export * from './stats/best-time.port';
export * from './stats/performance.port';
export { analyticsBestTimeSource, analyticsPerformanceSource } from './stats/analytics-sources';
export {
  scoreSentiment,
  crisisSignals,
  type CrisisSignals,
  type Mention,
  type Severity,
} from './stats/lexicon-sentiment';
export { suggestHashtags, type HashtagSuggestion, type PastPost } from './stats/hashtag-suggester';
export { detectAnomalies, type Anomaly } from './stats/anomalies';
export { nextSlots, type SuggestedSlot } from './stats/next-slots';
export type { ApprovalDecision, ApprovalProposal } from './workflow/content-workflow';
export * from './workflow/schedule-sink.port';
export {
  openSqliteWorkflowCheckpointer,
  type WorkflowCheckpointer,
} from './workflow/sqlite-workflow-checkpointer';
export { ContentHistoryFeeder } from './memory/feeders/content-history.feeder';
