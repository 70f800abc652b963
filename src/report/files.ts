// The report files of one comparison, side by side: the comment (diff.md / gate.md), every row as Markdown
// (diff-full.md) and as JSON (diff.json). Written atomically, the comment first.
import { basename, dirname, extname, join } from 'node:path'
import type { Comparison } from '../compare/types.ts'
import { writeFileAtomic } from '../store/baseline-file.ts'
import { renderComment, type CommentContext } from './comment.ts'
import { renderMarkdownFull } from './full.ts'

export interface ReportFiles { markdown: string; full: string; json: string }

/** diff.md → diff-full.md and diff.json next to it. */
export function reportFiles(markdown: string): ReportFiles {
  const stem = basename(markdown, extname(markdown))
  return { markdown, full: join(dirname(markdown), `${stem}-full.md`), json: join(dirname(markdown), `${stem}.json`) }
}

/** Writes the three files; returns the comment's text. */
export function writeReports(cmp: Comparison, files: ReportFiles, ctx: Omit<CommentContext, 'files'> = {}): string {
  const comment = renderComment(cmp, { ...ctx, files: { full: basename(files.full), json: basename(files.json) } })
  writeFileAtomic(files.markdown, comment)
  writeFileAtomic(files.full, renderMarkdownFull(cmp, ctx))
  writeFileAtomic(files.json, `${JSON.stringify(cmp, null, 2)}\n`)
  return comment
}
