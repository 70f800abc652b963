// Provenance of derived figures: a sum, ratio or mean of figures of different origins says so. Pure.
import type { Provenance, ProvenanceKind } from '../schema/baseline.ts'

/**
 * Which label a mixed figure takes: the one a reader most needs to know. A figure with any authored part is
 * authored (made up by a person), then simulated, stand-in, judged, replayed, estimate.
 */
const PRECEDENCE: readonly ProvenanceKind[] = ['authored', 'simulated', 'stand-in', 'judged', 'replayed', 'estimate']

/**
 * The provenance of a figure computed from parts of these provenances; undefined (measured) when every part
 * was measured. The how lists each distinct source, and says when measured parts are mixed in.
 */
export function combineProvenance(parts: ReadonlyArray<Provenance | undefined>): Provenance | undefined {
  const labelled = parts.filter((p): p is Provenance => p !== undefined && p.kind !== 'measured')
  if (labelled.length === 0) return undefined
  const kind = PRECEDENCE.find(k => labelled.some(p => p.kind === k))!
  const hows = [...new Set(labelled.map(p => (p.kind === kind ? p.how : `${p.kind}${p.how ? `: ${p.how}` : ''}`)).filter((h): h is string => !!h))]
  if (labelled.length < parts.length) hows.push(`mixed with ${parts.length - labelled.length} measured part(s)`)
  return hows.length ? { kind, how: hows.join('; ') } : { kind }
}

/** A provenance given as a kind or as { kind, how }, normalised. */
export function toProvenance(p: ProvenanceKind | Provenance | undefined): Provenance | undefined {
  return p === undefined ? undefined : typeof p === 'string' ? { kind: p } : p
}
