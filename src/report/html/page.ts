// The document around the views: one file with its CSS, its script and its data inlined, and a
// Content-Security-Policy that allows no network request and no script but its own (by hash). Pure.
import { createHash } from 'node:crypto'
import type { ComparisonRow } from '../../compare/types.ts'
import { CLIENT_SCRIPT } from './client.ts'
import { html, jsonForScript, raw, type Raw } from './escape.ts'

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--red:#cf222e;--green:#1a7f37;--blue:#0969da;--amber:#9a6700}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0}
header{padding:12px 20px;border-bottom:1px solid var(--line);background:var(--soft)}header h1{font-size:18px;margin:0 0 4px}header p{margin:0;color:var(--muted)}
nav{display:flex;gap:4px;padding:8px 20px;border-bottom:1px solid var(--line)}nav button{font:inherit;border:1px solid var(--line);background:var(--bg);padding:4px 12px;border-radius:6px;cursor:pointer}
nav button[aria-selected=true]{background:var(--blue);color:#fff;border-color:var(--blue)}
main{padding:12px 20px}body.js section.view{display:none}body.js section.view.active{display:block}
h2{font-size:16px;margin:8px 0}h2 small,h3 small{font-weight:normal;color:var(--muted)}
.verdict.v0{color:var(--green)}.verdict.v1{color:var(--red)}.verdict.v2{color:var(--amber)}
.counts{display:flex;flex-wrap:wrap;gap:16px;list-style:none;padding:0}.counts .n{font-size:20px;font-weight:600}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
.warnings{color:var(--amber)}.empty,.legend,.facts{color:var(--muted)}
.prov{display:inline-block;font-size:11px;padding:0 5px;margin-left:4px;border-radius:8px;background:#fff8c5;border:1px solid #d4a72c;color:#633c01;vertical-align:1px}
table.diff{border-collapse:collapse;width:100%}table.diff th,table.diff td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
table.diff th{cursor:pointer;background:var(--soft);position:sticky;top:0}table.diff th[aria-sort=ascending]::after{content:" ▲"}table.diff th[aria-sort=descending]::after{content:" ▼"}
td.num,th.num{text-align:right;white-space:nowrap}td.verdict,td.gates{white-space:nowrap}td.name{word-break:break-word;width:30%}td.detail-text{min-width:16em}tr.row{cursor:pointer}tr.row:hover{background:var(--soft)}
tr.row.regressed.gating.significant td.change,tr.row.regressed.gating.significant td.verdict{color:var(--red);font-weight:600}tr.row.improved.gating.significant td.change{color:var(--green)}
tr.row:target{outline:2px solid var(--blue)}tr.detail td{background:var(--soft)}.dist{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}.filters input{min-width:260px}
.trend-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(430px,1fr));gap:8px}
figure.trend{margin:0;border:1px solid var(--line);border-radius:6px;padding:6px}figure.trend figcaption{font-size:12px;word-break:break-all}figure.trend .last{color:var(--muted)}
svg.chart{max-width:100%;height:auto;font-size:10px}svg .frame{fill:none;stroke:var(--line)}svg .tick{fill:var(--muted)}
svg .band{fill:var(--blue);opacity:.15}svg .line{fill:none;stroke:var(--blue);stroke-width:1.5}svg .dot{fill:var(--blue)}svg .dot.regressed{fill:var(--red)}svg .dot.improved{fill:var(--green)}svg .dot.ungated{fill:#fff;stroke:var(--muted);stroke-width:1.5}
svg .rule{stroke-width:1.5}svg .rule.environment{stroke:var(--amber);stroke-dasharray:5 3}svg .rule.baseline{stroke:var(--muted);stroke-dasharray:2 2}
svg .ecdf{fill:none;stroke-width:1.5}svg .ecdf.base{stroke:#8c959f}svg .ecdf.head{stroke:var(--blue)}svg .legend.base{fill:#6e7781}svg .legend.head{fill:var(--blue)}
svg .noise{fill:#8c959f;opacity:.2}svg .zero{stroke:var(--fg)}svg .ci{stroke:var(--blue);stroke-width:4}svg .estimate{fill:var(--blue)}
svg.heatmap{font-size:12px}svg .axis{fill:var(--fg)}svg .cell text{fill:#1b1f24}svg .cell .sub{fill:#57606a;font-size:10px}svg .cell.front rect{stroke:#1b1f24;stroke-width:2}
footer{padding:12px 20px;color:var(--muted);border-top:1px solid var(--line)}
`

export interface PageParts {
  title: string
  subtitle: string
  views: Array<{ id: string; label: string; body: Raw }>
  rows: readonly ComparisonRow[]
  meta: Record<string, unknown>
}

/** The Content-Security-Policy: nothing from the network, inline styles, and only this page's own script. */
export function contentSecurityPolicy(script = CLIENT_SCRIPT): string {
  const hash = createHash('sha256').update(script, 'utf8').digest('base64')
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`
}

export function page(p: PageParts): string {
  const shown = p.views.filter(v => v.body.markup !== '')
  // What the script reads (the diff's sort keys) and what a program may read back: data, never markup.
  const data = {
    ...p.meta,
    rows: p.rows.map(r => ({ id: r.id, metric: r.metric, unit: r.unit, base: r.base, head: r.head, changePct: r.changePct, verdict: r.verdict, gating: r.gating, ...(r.provenance ? { provenance: r.provenance } : {}) })),
  }
  return `<!doctype html>
${html`<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title}</title>
<style>${raw(CSS)}</style>
</head><body>
<header><h1>${p.title}</h1><p>${p.subtitle}</p></header>
<nav>${shown.map(v => html`<button type="button" data-view="${v.id}">${v.label}</button>`)}</nav>
<main>${shown.map(v => v.body)}</main>
<footer>swarmbench · one self-contained file: no network requests · data in the #swarmbench-data block</footer>
<script type="application/json" id="swarmbench-data">${raw(jsonForScript(data))}</script>
<script>${raw(CLIENT_SCRIPT)}</script>
</body></html>`.markup}
`
}
