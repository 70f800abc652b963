// One way to turn bad options into an error that names the field and what was wrong.
import type { z } from 'zod'

export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const issues = r.error.issues.map(i => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
  throw new TypeError(`${where}: ${issues.join('; ')}`)
}
