// Token and cost tracking: a usage ledger, SDK and agent-CLI wrappers, pricing, offline counting, record/replay.
export * from './ledger.ts'
export * from './pricing.ts'
export { trackFetch, trackClient, type Fetch } from './fetch.ts'
export { sseParser, endpointKind, type Kind } from './stream.ts'
