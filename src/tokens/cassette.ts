// Record real API responses once, replay them offline with identical bytes (hence identical counts).
// A cassette stores response bodies, which replay needs; it never stores request headers (API keys),
// and stores request bodies (prompts) only when `storeRequestBodies` is set. Only the cassette file
// holds them: the ledger and the metrics built from it carry counts only.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { z } from 'zod'
import type { Fetch } from './fetch.ts'
import { writeFileAtomic } from '../store/baseline-file.ts'
import type { Provenance } from '../schema/baseline.ts'

export const CASSETTE_FORMAT = 'swarmbench-token-cassette'

export const InteractionSchema = z.strictObject({
  method: z.string().min(1),
  path: z.string().startsWith('/'),
  /** sha256 of method, path, query and canonical request body; absent = match by method and path in order. */
  key: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  note: z.string().optional(),
  request: z.strictObject({ body: z.string() }).optional(),
  response: z.strictObject({
    status: z.number().int().min(100).max(599),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string(),
  }),
})
export type Interaction = z.output<typeof InteractionSchema>

export const CassetteSchema = z.strictObject({
  format: z.literal(CASSETTE_FORMAT),
  version: z.literal(1),
  /** 'recorded' from the live API, or 'authored' by hand in the wire format: say which, always. */
  origin: z.enum(['recorded', 'authored']),
  description: z.string().optional(),
  createdAt: z.string(),
  interactions: z.array(InteractionSchema),
})
export type Cassette = z.output<typeof CassetteSchema>

/** Response headers worth replaying; everything else (cookies, org ids, request ids) is dropped. */
const KEPT_HEADERS = ['content-type', 'retry-after', 'retry-after-ms', 'x-should-retry']

export interface CassetteOptions {
  /**
   * 'auto': replay when the file exists, record when it does not and an API key is set. Env SWARMBENCH_RECORD=1
   * forces 'record' into a fresh cassette. While recording, a request already answered with a 2xx is served
   * from the cassette instead of the API.
   */
  mode?: 'auto' | 'replay' | 'record'
  /** Store request bodies (prompts) in the cassette. Off by default. */
  storeRequestBodies?: boolean
  /** Environment variables whose presence means a key is available for recording. */
  keyEnv?: readonly string[]
  /** The fetch used when recording. */
  baseFetch?: Fetch
}

export interface CassetteHandle {
  fetch: Fetch
  mode: 'replay' | 'record'
  file: string
  /**
   * What the usage read through this handle is: replayed (origin 'recorded') or authored (origin 'authored')
   * when replaying; undefined (measured) when recording from the live API.
   */
  provenance: Provenance | undefined
  /** Interactions served (replay) or written (record) so far. */
  readonly used: number
}

export function readCassette(file: string): Cassette {
  let raw: unknown
  try { raw = JSON.parse(readFileSync(file, 'utf8')) } catch (e) {
    throw new Error(`token cassette ${file}: cannot read it as JSON (${(e as Error).message})`)
  }
  const r = CassetteSchema.safeParse(raw)
  if (!r.success) {
    const i = r.error.issues[0]!
    throw new Error(`token cassette ${file}: field '${i.path.join('.')}': ${i.message}`)
  }
  return r.data
}

function canonical(body: string): string {
  try { return JSON.stringify(sortKeys(JSON.parse(body))) } catch { return body }
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map(k => [k, sortKeys((v as Record<string, unknown>)[k])]))
  return v
}

/** The match key of a request: independent of key order in the JSON body and of headers. */
export function requestKey(method: string, pathAndQuery: string, body: string): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${pathAndQuery}\n${canonical(body)}`).digest('hex')
}

function describeRequest(input: string | URL | Request, init?: RequestInit) {
  // Read without consuming anything: the SDKs send JSON bodies as strings.
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
  const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase()
  const b = init?.body
  const body = typeof b === 'string' ? b : b instanceof Uint8Array ? new TextDecoder().decode(b) : ''
  return { method, path: url.pathname, key: requestKey(method, url.pathname + url.search, body), body }
}

export function openCassette(file: string, options: CassetteOptions = {}): CassetteHandle {
  const keyEnv = options.keyEnv ?? ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']
  const wanted = process.env['SWARMBENCH_RECORD'] === '1' ? 'record' : options.mode ?? 'auto'
  const exists = existsSync(file)
  let mode: 'replay' | 'record'
  if (wanted !== 'auto') mode = wanted
  else if (exists) mode = 'replay'
  else if (keyEnv.some(k => process.env[k])) mode = 'record'
  else throw new Error(`token cassette ${file} does not exist and no API key is set (${keyEnv.join(', ')}): set one to record it once, or point to an existing cassette`)
  return mode === 'replay' ? replayer(file) : recorder(file, options)
}

function replayer(file: string): CassetteHandle {
  const cassette = readCassette(file)
  const cursor = new Map<string, number>()
  let used = 0
  const fetch: Fetch = async (input, init) => {
    const r = describeRequest(input, init)
    const byKey = cassette.interactions.filter(i => i.key === r.key)
    const candidates = byKey.length ? byKey : cassette.interactions.filter(i => !i.key && i.method === r.method && i.path === r.path)
    if (!candidates.length) {
      throw new Error(`token cassette ${file}: no recorded response for ${r.method} ${r.path} (key ${r.key.slice(0, 12)}…); the request changed since recording: re-record with SWARMBENCH_RECORD=1 and an API key`)
    }
    // Repeated identical requests (bench iterations) cycle through their recordings in order.
    const id = byKey.length ? r.key : `${r.method} ${r.path}`
    const n = cursor.get(id) ?? 0
    cursor.set(id, n + 1)
    const hit = candidates[n % candidates.length]!
    used++
    return new Response(hit.response.body, { status: hit.response.status, headers: hit.response.headers })
  }
  const provenance: Provenance = {
    kind: cassette.origin === 'authored' ? 'authored' : 'replayed',
    how: `cassette ${basename(file)}${cassette.origin === 'authored' ? ', written by hand' : `, recorded ${cassette.createdAt.slice(0, 10)}`}${cassette.description ? `: ${cassette.description}` : ''}`,
  }
  return { fetch, mode: 'replay', file, provenance, get used() { return used } }
}

function recorder(file: string, options: CassetteOptions): CassetteHandle {
  const base = options.baseFetch ?? globalThis.fetch
  const cassette: Cassette = existsSync(file) && process.env['SWARMBENCH_RECORD'] !== '1' ? readCassette(file)
    : { format: CASSETTE_FORMAT, version: 1, origin: 'recorded', createdAt: new Date().toISOString(), interactions: [] }
  let used = 0
  const save = () => {
    writeFileAtomic(file, JSON.stringify(cassette, null, 2) + '\n')
  }
  const fetch: Fetch = async (input, init) => {
    const r = describeRequest(input, init)
    // Record once: a request already answered successfully is served from the cassette, so recording a
    // benchmark does not pay for every iteration. Failed answers (429, 5xx) are kept and asked again.
    const hit = cassette.interactions.find(i => i.key === r.key && i.response.status < 400)
    if (hit) return new Response(hit.response.body, { status: hit.response.status, headers: hit.response.headers })
    const res = await base(input, init)
    // The caller gets the original response; the copy is read for the cassette.
    const body = await res.clone().text()
    const headers: Record<string, string> = {}
    for (const h of KEPT_HEADERS) { const v = res.headers.get(h); if (v !== null) headers[h] = v }
    cassette.interactions.push({
      method: r.method, path: r.path, key: r.key,
      ...(options.storeRequestBodies ? { request: { body: r.body } } : {}),
      response: { status: res.status, headers, body },
    })
    used++
    save()
    return res
  }
  return { fetch, mode: 'record', file, provenance: undefined, get used() { return used } }
}
