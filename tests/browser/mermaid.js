// Mermaid files drawn by Mermaid itself: each definition is rendered to SVG by the pinned
// mermaid in one page of one headless Chromium (the system's, launched by puppeteer, no browser
// downloaded), and the drawing's texts are compared with what the file means; cases marked
// "cli" are rendered by @mermaid-js/mermaid-cli's renderMermaid as well. Run by tests/mermaid.rs:
//
//   node tests/browser/mermaid.js PLAN.json
//
// PLAN.json: { "chromium": path, "cases": [{ "name", "cli", "mmd", "title", "nodes": [[id, label]],
// "groups": [[id, label]], "edges": [[L_FROM_TO_K (the K-th edge from FROM to TO), label]] }] }. Labels use "\n" for a
// line break (<br> in the drawing). Prints one line per case ("ok   NAME: N texts" or
// "FAIL NAME: ..."), then {"texts": N, "ms": {...}} (texts compared, time in each renderer), then "N passed, N failed"; exits 1 on
// any failure.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let passed = 0, failed = 0, texts = 0;
const ms = { page: 0, cli: 0 };
function check(name, problems, count) {
  if (problems.length === 0) { passed++; console.log('ok   ' + name + ': ' + count + ' texts'); }
  else { failed++; console.log('FAIL ' + name + ': ' + problems.slice(0, 8).join('; ')); }
}

// In the checker page: the drawn texts of an SVG (a <br> read as "\n"), by what they belong to.
function drawnTexts(svgText) {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const error = doc.querySelector('parsererror');
  if (error) return { error: 'the SVG is not well-formed: ' + error.textContent };
  const text = (el) => {
    if (!el) return null;
    const copy = el.cloneNode(true);
    for (const br of copy.querySelectorAll('br')) br.replaceWith('\n');
    return copy.textContent;
  };
  const title = doc.querySelectorAll('.flowchartTitleText');
  const nodes = {};
  for (const g of doc.querySelectorAll('g.node')) {
    const m = /flowchart-(n\d+)-\d+$/.exec(g.id);
    if (m) nodes[m[1]] = text(g.querySelector('.label'));
  }
  const groups = {};
  for (const g of doc.querySelectorAll('g.cluster')) {
    const m = /-(g\d+)$/.exec(g.id);
    if (m) groups[m[1]] = text(g.querySelector('.cluster-label'));
  }
  const edges = {};
  // Mermaid names an edge's label L_FROM_TO_K, K counting edges between the same two nodes
  // (not always 0, 1, 2: the second is 2); the file's K-th such edge is the K-th in that order.
  const byPair = {};
  for (const g of doc.querySelectorAll('g.edgeLabel > g.label[data-id]')) {
    const m = /^(L_n\d+_n\d+_)(\d+)$/.exec(g.getAttribute('data-id'));
    if (m) (byPair[m[1]] = byPair[m[1]] || []).push([Number(m[2]), text(g)]);
  }
  for (const [pair, list] of Object.entries(byPair)) {
    list.sort((a, b) => a[0] - b[0]);
    list.forEach(([, label], k) => { edges[pair + k] = label; });
  }
  return {
    titles: Array.from(title, (t) => t.textContent),
    nodes, groups, edges,
    counts: [doc.querySelectorAll('g.node').length, doc.querySelectorAll('g.cluster').length,
      doc.querySelectorAll('g.edgeLabel').length],
  };
}

function compare(c, drawn) {
  const problems = [];
  const show = (s) => JSON.stringify(s);
  if (drawn.error) return [drawn.error];
  if (drawn.titles.length !== 1 || drawn.titles[0] !== c.title) {
    problems.push('title ' + show(drawn.titles) + ' is not ' + show(c.title));
  }
  for (const [kind, expected, got] of [['node', c.nodes, drawn.nodes], ['group', c.groups, drawn.groups],
    ['edge', c.edges, drawn.edges]]) {
    for (const [id, label] of expected) {
      if (got[id] === undefined) problems.push(kind + ' ' + id + ' not drawn (drawn: ' + Object.keys(got).join(' ') + ')');
      else if (got[id] !== label) problems.push(kind + ' ' + id + ' drawn ' + show(got[id]) + ', written ' + show(label));
    }
  }
  const want = [c.nodes.length, c.groups.length, c.edges.length];
  if (show(drawn.counts) !== show(want)) problems.push('drew (nodes, groups, edge labels) ' + show(drawn.counts) + ', not ' + show(want));
  return problems;
}

// One page holding the pinned mermaid (the build mermaid-cli loads too) renders every file:
// seconds for all of them. renderMermaid, mermaid-cli's own pipeline (a fresh page per diagram,
// about a second each), renders the cases marked "cli" too, which must draw the same.
const MERMAID = path.join(__dirname, '..', '..', 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

async function renderInPage(page, definition) {
  return page.evaluate(async (definition) => {
    const container = document.getElementById('container');
    const { svg } = await window.mermaid.render('my-svg', definition, container);
    container.innerHTML = svg;
    const text = new XMLSerializer().serializeToString(container.querySelector('svg'));
    container.innerHTML = '';
    return text;
  }, definition);
}

(async () => {
  const { renderMermaid } = await import('@mermaid-js/mermaid-cli');
  const puppeteer = require('puppeteer');
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'carepath-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: plan.chromium,
    headless: 'shell',
    userDataDir: userData,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error: ' + e.message));
    await page.setContent('<!doctype html><html><body><div id="container"></div></body></html>');
    await page.addScriptTag({ path: MERMAID });
    await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false }));
    const drawn = async (render) => {
      try {
        return await page.evaluate(drawnTexts, await render());
      } catch (e) {
        return { error: 'Mermaid failed: ' + String(e && e.message || e).split('\n')[0] };
      }
    };
    for (const c of plan.cases) {
      const count = c.nodes.length + c.groups.length + c.edges.length + 1;
      let t = Date.now();
      const problems = compare(c, await drawn(() => renderInPage(page, c.mmd)));
      ms.page += Date.now() - t;
      if (c.cli) {
        t = Date.now();
        const viaCli = await drawn(async () => Buffer.from((await renderMermaid(browser, c.mmd, 'svg', {})).data).toString('utf8'));
        ms.cli += Date.now() - t;
        for (const p of compare(c, viaCli)) problems.push('mermaid-cli: ' + p);
      }
      if (problems.length === 0) texts += count;
      check(c.name + (c.cli ? ' (and mermaid-cli)' : ''), problems, count);
    }
  } catch (e) {
    check('the browser ran', [String(e && e.stack || e)], 0);
  } finally {
    await browser.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ texts, ms }));
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed ? 1 : 0);
})();
