// Swarm memory: a replicated key-value store shared by agents, on the Raft log or as an LWW-map CRDT.
export { runRaftKv } from './raft-kv.ts'
export type { RaftKvReport } from './raft-kv.ts'
export { runLwwKv, lwwMap, lwwWins } from './lww.ts'
export type { LwwKvReport, LwwEntry, LwwMsg } from './lww.ts'
export { sqliteDurable } from './sqlite.ts'
export type { SqliteDurable } from './sqlite.ts'
export { KvOptionsSchema, workloadWrite } from './common.ts'
export type { KvOptionsInput, KvWrite, ReadStats } from './common.ts'
