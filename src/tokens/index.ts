// Token and cost tracking: a usage ledger, SDK and agent-CLI wrappers, pricing, offline counting, record/replay.
export * from './ledger.ts'
export * from './pricing.ts'
export { trackFetch, trackClient, type Fetch } from './fetch.ts'
export { sseParser, endpointKind, type Kind } from './stream.ts'
export { ledgerMetrics, type LedgerMetric, type LedgerMetricsOptions, type LedgerReport } from './metrics.ts'
export { parseClaudeOutput, runClaude, type ClaudeRun, type ClaudeRunOptions, type ClaudeRunSummary } from './claude-code.ts'
