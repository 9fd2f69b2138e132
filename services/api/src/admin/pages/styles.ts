/**
 * The pages' one stylesheet, sent inline (the admin CSP allows inline styles, and it saves a
 * request). Colours keep at least 4.5:1 contrast with their background.
 */
export const STYLESHEET = `
:root { --ink: #1b2430; --muted: #4a5565; --line: #d5dae1; --bg: #f6f7f9; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem;
  padding: .6rem 1.2rem; background: #1b2430; color: #fff; }
header.top a { color: #fff; text-decoration: none; padding: .2rem .4rem; border-radius: 4px; }
header.top a[aria-current="page"], header.top a:hover { background: #3a4658; }
header.top .brand { font-weight: 700; margin-right: 1rem; }
header.top .who { margin-left: auto; display: flex; gap: .6rem; align-items: center; }
header.top .who button { background: transparent; color: #fff; border: 1px solid #8a97a8; }
main { padding: 1rem 1.2rem 3rem; max-width: 1400px; }
main.narrow { max-width: 46rem; }
h1 { font-size: 1.4rem; margin: .4rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
a { color: var(--accent); }
.note { padding: .6rem .9rem; border-left: 4px solid var(--accent); background: #e8f1fb; margin: 0 0 1rem; }
.note.warn { border-color: #a15c00; background: #fdf1e1; }
.muted { color: var(--muted); }
form.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: flex-end;
  background: #fff; border: 1px solid var(--line); padding: .8rem; border-radius: 6px; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: .2rem; }
input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid #8a97a8; border-radius: 4px;
  background: #fff; color: var(--ink); }
button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); }
button.secondary { background: #fff; color: var(--accent); }
.table-wrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; margin-top: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; font-weight: 600; white-space: nowrap; }
tbody th { background: transparent; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: 999px; font-size: .8rem;
  font-weight: 600; color: #fff; white-space: nowrap; }
.badge.delivered { background: #1e7b34; } .badge.delivering { background: #0b5cad; }
.badge.failed { background: #b3261e; } .badge.unmatched { background: #8a4b00; }
.badge.skipped { background: #5b6b7f; } .badge.received { background: #4a5565; }
.badge.retrying, .badge.throttled { background: #8a4b00; }
.pager { display: flex; gap: 1rem; align-items: center; margin-top: .8rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; background: #fff;
  border: 1px solid var(--line); border-radius: 6px; padding: .8rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
ol.timeline li { position: relative; padding: .2rem 0 .9rem 1rem; }
ol.timeline time { color: var(--muted); font-size: .85rem; display: block; }
td time { white-space: nowrap; }
form.inline { display: inline; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1rem; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6rem; }
figure.chart > svg { width: 100%; height: auto; display: block; }
ul.legend svg { vertical-align: -1px; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1rem; padding: 0; margin: .4rem 0 0; font-size: .85rem; }
figure.chart figcaption { font-weight: 600; margin-bottom: .3rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 700px) { .charts { grid-template-columns: 1fr; } main { padding: .6rem; } }
`;
