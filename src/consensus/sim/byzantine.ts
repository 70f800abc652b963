// How colluding Byzantine nodes falsify a value. Liars agree with each other (they strip earlier twists
// before applying theirs), which is the strongest attack: 'equivocate' tells even-numbered nodes the truth and
// odd-numbered nodes another value; 'wrong' tells everyone the other value.
import type { ByzantineMode } from './schema.ts'

export function twist(val: string, to: number, mode: ByzantineMode): string {
  const base = val.replace(/[′!]+$/u, '')
  if (mode === 'wrong') return `${base}!`
  return to % 2 === 0 ? base : `${base}′`
}
