// The page's only script, inlined as text (and allowed by its hash in the page's Content-Security-Policy, so no
// other script can run). It reads the data block, switches views, sorts the diff, opens a row's detail and
// filters the trends. It builds no markup from data: it only moves, shows and hides what the page already holds.
export const CLIENT_SCRIPT = `(() => {
'use strict';
const data = JSON.parse(document.getElementById('swarmbench-data').textContent);
document.body.classList.add('js');
const views = [...document.querySelectorAll('section.view')];
const tabs = [...document.querySelectorAll('nav button[data-view]')];
function show(name) {
  if (!views.some(v => v.id === name)) name = views[0] && views[0].id;
  for (const v of views) v.classList.toggle('active', v.id === name);
  for (const t of tabs) t.setAttribute('aria-selected', String(t.dataset.view === name));
}
for (const t of tabs) t.addEventListener('click', () => { history.replaceState(null, '', '#' + t.dataset.view); show(t.dataset.view); });
function toggle(tr, open) {
  const detail = tr.nextElementSibling;
  const next = open === undefined ? detail.hidden : open;
  detail.hidden = !next;
  tr.setAttribute('aria-expanded', String(next));
}
const table = document.querySelector('table.diff');
if (table) {
  table.addEventListener('click', e => { const tr = e.target.closest('tr.row'); if (tr) toggle(tr); });
  table.addEventListener('keydown', e => { const tr = e.target.closest('tr.row'); if (tr && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); toggle(tr); } });
  const order = { regressed: 0, improved: 1, inconclusive: 2, unchanged: 3, new: 4, missing: 5 };
  const key = {
    name: r => r.id, metric: r => r.metric, base: r => r.base, head: r => r.head,
    change: r => r.changePct === null ? null : Math.abs(r.changePct), verdict: r => order[r.verdict], gates: r => r.gating ? 0 : 1,
  };
  let sorted = null, dir = 1;
  for (const th of table.querySelectorAll('th[data-sort]')) {
    th.addEventListener('click', () => {
      const k = th.dataset.sort;
      dir = sorted === k ? -dir : (k === 'change' ? -1 : 1);
      sorted = k;
      const groups = [...table.querySelectorAll('tbody.row-group')];
      const f = key[k];
      groups.sort((a, b) => {
        const x = f(data.rows[a.dataset.i]), y = f(data.rows[b.dataset.i]);
        if (x === y) return a.dataset.i - b.dataset.i;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (x < y ? -1 : 1) * dir;
      });
      for (const g of groups) table.appendChild(g);
      for (const h of table.querySelectorAll('th')) h.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
    });
  }
}
for (const a of document.querySelectorAll('a[data-row]')) {
  a.addEventListener('click', e => {
    const tr = document.getElementById(a.dataset.row);
    if (!tr) return;
    e.preventDefault();
    show('diff');
    toggle(tr, true);
    tr.scrollIntoView({ block: 'center' });
  });
}
const search = document.getElementById('trend-search');
if (search) {
  const selects = ['file', 'verdict', 'kind'].map(k => [k, document.getElementById('trend-' + k)]);
  const figures = [...document.querySelectorAll('figure.trend')];
  const count = document.getElementById('trend-count');
  const apply = () => {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    for (const f of figures) {
      const ok = (!q || f.dataset.search.includes(q)) && selects.every(([k, s]) => !s.value || f.dataset[k] === s.value);
      f.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + ' of ' + figures.length + ' shown';
  };
  search.addEventListener('input', apply);
  for (const [, s] of selects) s.addEventListener('change', apply);
  apply();
}
show(location.hash.slice(1) || (views[0] && views[0].id));
})();`
