import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { escapeMarkdown } from './markdown.ts'
import { render } from './index.ts'
import type { Comparison } from '../compare/types.ts'

describe('escapeMarkdown', () => {
  test('every kind of line break becomes a space, so a table row stays one row', () => {
    expect(escapeMarkdown('a\rb\nc\r\nd\u2028e\u2029f\u0085g\vh\fi\tj')).toBe('a b c d e f g h i j')
  })

  test('@mentions, bare URLs, www. links, e-mails and #123 references are broken with a zero-width space', () => {
    expect(escapeMarkdown('ping @octocat and @org/team')).toBe('ping @&#8203;octocat and @&#8203;org/team')
    expect(escapeMarkdown('see https://evil.example/x?a=1 or www.evil.example')).toBe('see https&#8203;://evil.example/x?a=1 or www&#8203;.evil.example')
    expect(escapeMarkdown('mail me@example.com')).toBe('mail me@&#8203;example.com')
    expect(escapeMarkdown('fixes #123')).toBe('fixes \\#&#8203;123')
    expect(escapeMarkdown('a @ b')).toBe('a @ b')
  })

  test('bidirectional and control characters are shown as their code point', () => {
    expect(escapeMarkdown('safe\u202Egnp.exe')).toBe('safe⟨U+202E⟩gnp.exe')
    expect(escapeMarkdown('\u2066x\u2069 \u200f \u001b[31m \u0000')).toBe('⟨U+2066⟩x⟨U+2069⟩ ⟨U+200F⟩ ⟨U+001B⟩\\[31m ⟨U+0000⟩')
  })

  test('HTML, pipes and link syntax stay text', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> | [a](b)\nnext')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[a\\]\\(b\\) next')
    expect(escapeMarkdown('&#64;user &lt;')).toBe('&amp;\\#&#8203;64;user &amp;lt;')
  })

  test('property: whatever the text, nothing of it can break out', () => {
    const hostile = fc.constantFrom('\r', '\n', '\u2028', '\u2029', '\u0085', '\u202E', '\u2066', '|', '<', '>', '@', '#1', 'https://', 'www.', '&', '`', '\\', '[', ']', '(', ')', 'a', ' ', '😀')
    fc.assert(fc.property(fc.array(fc.oneof(hostile, fc.string({ unit: fc.integer({ min: 0, max: 0x2fff }).map(c => String.fromCharCode(c)), maxLength: 6 })), { maxLength: 12 }).map(parts => parts.join('')), text => {
      const out = escapeMarkdown(text)
      expect(out).not.toMatch(/[\r\n\u2028\u2029\u0085\u000b\u000c]/)
      expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/)
      expect(out).not.toMatch(/[<>]/)
      expect(out).not.toMatch(/(^|[^\\])\|/) // every pipe escaped
      expect(out).not.toMatch(/@[\p{L}\p{N}_-]/u) // no mention or e-mail
      expect(out).not.toMatch(/[A-Za-z]:\/\//) // no scheme directly before ://
      expect(out).not.toMatch(/\bwww\./i)
    }), { numRuns: 300 })
  })

  test('a hostile benchmark name keeps the diff table one row per benchmark', () => {
    const name = 'bench › a.bench.ts › t › evil\rname\u2028@admin https://x.io \u202Eexe'
    const c: Comparison = {
      environment: { mismatches: [], timingGated: true }, warnings: [],
      rows: [{ id: name, metric: 'latency', unit: 'ms', better: 'lower', kind: 'timing', base: 1, head: 1, changePct: 0, verdict: 'unchanged', gating: true }],
      summary: { regressed: 0, improved: 0, unchanged: 1, inconclusive: 0, new: 0, missing: 0 },
    }
    for (const md of [render(c, 'markdown', { full: true }), render({ ...c, rows: [{ ...c.rows[0]!, verdict: 'regressed', changePct: 50 }] }, 'markdown')]) {
      const rows = md.split('\n').filter(l => l.startsWith('| '))
      expect(rows).toHaveLength(3) // header, separator and the one row (every row in diff-full.md; the comment lists changes)
      expect(rows[2]).toMatch(/evil name @&#8203;admin https&#8203;:\/\/x\.io ⟨U\+202E⟩exe/)
    }
  })
})
