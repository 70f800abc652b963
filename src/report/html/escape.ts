// Everything that reaches the page from a bench file, a branch, a metric name or a note passes through one of
// these. Text and attribute values are escaped for HTML; data for scripts is JSON that cannot close its
// <script> element or start a comment. Pure.

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text or a quoted attribute value: & < > " ' become entities, so no string can open a tag or leave its attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => HTML[c]!)
}

/** Tagged template that escapes every interpolated value unless it is already markup (`raw`). */
export function html(strings: TemplateStringsArray, ...values: Array<string | number | Raw | readonly Raw[] | null | undefined>): Raw {
  let out = strings[0]!
  values.forEach((v, i) => {
    out += v === null || v === undefined ? '' : Array.isArray(v) ? v.map(r => r.markup).join('') : isRaw(v) ? v.markup : escapeHtml(String(v))
    out += strings[i + 1]!
  })
  return { markup: out }
}

/** Markup that was built by `html` or by a renderer (already escaped). */
export interface Raw { readonly markup: string }
export const raw = (markup: string): Raw => ({ markup })
function isRaw(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && 'markup' in v
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the line separators are written as
 * \u escapes, so `</script>` or `<!--` inside a string cannot end the block; JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** A string usable in an id or a URL fragment: the input's characters as hex, so any name gives a safe, unique anchor. */
export function anchorId(prefix: string, text: string): string {
  return `${prefix}-${Buffer.from(text, 'utf8').toString('hex').slice(0, 120)}${text.length > 60 ? `-${hash(text)}` : ''}`
}

/** FNV-1a of the text, as 8 hex digits (keeps long anchors unique after the cut). */
function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(16).padStart(8, '0')
}
