// The explorer page in a real browser: headless Chromium (the system's, no browser is
// downloaded) driven by playwright-core. Run by tests/browser.rs, which builds the pages with
// the carepath binary and works out what each profile must show with `carepath paths`:
//
//   node tests/browser/explorer.js PLAN.json
//
// PLAN.json: { "chromium": path, "cases": [{ "name", "url", "count", "nodes": [ids],
// "paths": [[ids]], "ignored": [strings] }], "hostile": { "url" } | null, "interact": { "url" },
// "shots": dir | null }. Prints one line per check and a last line
// "N passed, N failed"; exits 1 on any failure.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log('ok   ' + name); }
  else { failed++; console.log('FAIL ' + name + (detail ? ': ' + detail : '')); }
}
function sameSet(a, b) {
  const x = [...new Set(a)].sort(), y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

// A PNG's pixels (8-bit RGB or RGBA, not interlaced, as Chromium writes them): width, height,
// channels and the unfiltered bytes.
function decodePng(buf) {
  let pos = 8, width = 0, height = 0, channels = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('unexpected PNG bit depth or interlace');
      channels = { 2: 3, 6: 4 }[body[9]];
      if (!channels) throw new Error('unexpected PNG colour type ' + body[9]);
    } else if (type === 'IDAT') idat.push(body);
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels, out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      let p;
      if (filter === 0) p = 0;
      else if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else { const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c); p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * stride + x] = (v + p) & 255;
    }
  }
  return { width, height, channels, pixels: out };
}

// Not blank: many colours, and a fair share of pixels that are not the background.
function inked(png) {
  const colours = new Set();
  let ink = 0;
  const n = png.width * png.height;
  for (let i = 0; i < n; i++) {
    const o = i * png.channels, r = png.pixels[o], g = png.pixels[o + 1], b = png.pixels[o + 2];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 240 || g < 240 || b < 240) ink++;
  }
  return { colours: colours.size, ink: ink / n };
}

async function open(context, url, errors) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console error: ' + m.text()); });
  page.on('dialog', async (d) => { errors.push('dialog: ' + d.message()); await d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push('request: ' + r.url()); });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 10000 });
  return page;
}

// What the page shows: the count, the highlighted and dimmed nodes, the listed paths (their
// steps' ids, through the embedded data), the message, the visible text.
async function state(page) {
  return page.evaluate(() => {
    const data = JSON.parse(document.getElementById('carepath-data').textContent);
    const byNumber = new Map(data.paths.map((p) => [p.n, p]));
    const listed = [...document.querySelectorAll('#path-list [data-path]')].map((li) => {
      const p = byNumber.get(Number(li.getAttribute('data-path')));
      return p.steps.map((s) => data.nodes[s].id);
    });
    const message = document.getElementById('fragment-message');
    return {
      count: document.getElementById('path-count').textContent,
      on: [...document.querySelectorAll('#chart svg [data-node].on')].map((g) => g.getAttribute('data-node')),
      off: [...document.querySelectorAll('#chart svg [data-node].off')].map((g) => g.getAttribute('data-node')),
      drawn: document.querySelectorAll('#chart svg [data-node]').length,
      listed,
      message: message.hidden ? null : message.textContent,
      outcomes: document.getElementById('outcomes').innerText,
      text: document.body.innerText,
      hash: location.hash,
    };
  });
}

function codeInText(text) {
  const found = [];
  if (text.includes('&&')) found.push('&&');
  if (text.includes('||')) found.push('||');
  const m = text.match(/![A-Za-z_]/);
  if (m) found.push(m[0]);
  return found;
}

(async () => {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'carepath-chromium-'));
  const context = await chromium.launchPersistentContext(userData, {
    executablePath: plan.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport: { width: 1400, height: 1000 },
  });
  try {
    for (const c of plan.cases) {
      const errors = [];
      const page = await open(context, c.url, errors);
      const s = await state(page);
      const name = c.name;
      check(name + ': #path-count is ' + c.count, s.count === String(c.count), 'shows ' + s.count);
      check(name + ': highlighted nodes are those on its paths (' + new Set(c.nodes).size + ')', sameSet(s.on, c.nodes),
        'on ' + JSON.stringify([...s.on].sort()) + ', expected ' + JSON.stringify([...new Set(c.nodes)].sort()));
      check(name + ': every other node is dimmed', s.on.length + s.off.length === s.drawn, s.on.length + ' + ' + s.off.length + ' of ' + s.drawn);
      const key = (p) => p.join(' > ');
      check(name + ': the listed paths are those of carepath paths', sameSet(s.listed.map(key), c.paths.map(key)) && s.listed.length === c.paths.length,
        s.listed.length + ' listed, ' + c.paths.length + ' expected');
      check(name + ': outcome figures in words', /\d+%|not given/.test(s.outcomes), s.outcomes.slice(0, 200));
      check(name + ': no code in the visible text', codeInText(s.text).length === 0, codeInText(s.text).join(' '));
      if (c.ignored.length) {
        check(name + ': the message names what was ignored', s.message !== null && c.ignored.every((x) => s.message.includes(x)), String(s.message));
      } else {
        check(name + ': no message', s.message === null, String(s.message));
      }
      const png = await page.screenshot();
      const ink = inked(decodePng(png));
      check(name + ': the screenshot is not blank (' + ink.colours + ' colours, ' + Math.round(ink.ink * 100) + '% ink)', ink.colours > 50 && ink.ink > 0.05);
      if (plan.shots) {
        fs.writeFileSync(path.join(plan.shots, c.shot + '.png'), png);
        // The whole chart (its scroll box opened up through the CSSOM, which the page's policy
        // allows), and the top of the paths list.
        await page.click('#fit-chart');
        await page.evaluate(() => { document.querySelector('.svg-wrap').style.maxHeight = 'none'; });
        fs.writeFileSync(path.join(plan.shots, c.shot + '-chart.png'), await page.locator('#chart .svg-wrap').screenshot());
        await page.click('#fit-chart');
        await page.evaluate(() => { document.querySelector('.svg-wrap').style.maxHeight = ''; });
        await page.locator('#chart .svg-wrap').scrollIntoViewIfNeeded();
        fs.writeFileSync(path.join(plan.shots, c.shot + '-chart-actual.png'), await page.screenshot());
        await page.evaluate(() => { document.getElementById('paths').scrollIntoView(); });
        fs.writeFileSync(path.join(plan.shots, c.shot + '-paths.png'), await page.screenshot());
      }
      check(name + ': no script error', errors.length === 0, errors.join('; '));
      await page.close();
    }

    if (plan.interact) {
      const errors = [];
      const page = await open(context, plan.interact.url, errors);
      const i = plan.interact;
      // By keyboard: focus the control, choose a value, as a person would.
      await page.focus('[data-factor="' + i.factor + '"]');
      await page.selectOption('[data-factor="' + i.factor + '"]', i.value);
      await page.waitForFunction((h) => location.hash === h, '#' + i.factor + '=' + i.value);
      let s = await state(page);
      check('a control writes the fragment (' + s.hash + ') and the count follows', s.count === String(i.count), s.count);
      await page.evaluate(() => { location.hash = ''; });
      await page.waitForFunction((n) => document.getElementById('path-count').textContent === n, String(i.total));
      s = await state(page);
      check('a changed fragment is read (hashchange): back to every patient', s.count === String(i.total), s.count);
      const focus = await page.evaluate(() => {
        const e = document.querySelector('[data-factor]');
        e.focus();
        const style = getComputedStyle(e);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      });
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      const visible = await page.evaluate(() => {
        const e = document.activeElement;
        const style = getComputedStyle(e);
        return e.hasAttribute('data-factor') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      });
      check('the focused control shows its focus', focus || visible);
      const labelled = await page.evaluate(() => [...document.querySelectorAll('[data-factor]')].every((c) => c.labels.length === 1 && c.labels[0].textContent.trim() !== ''));
      check('every control has its label', labelled);
      check('no script error while interacting', errors.length === 0, errors.join('; '));
      await page.close();
    }

    if (plan.hostile) {
      const errors = [];
      const page = await open(context, plan.hostile.url, errors);
      const r = await page.evaluate(() => {
        const data = JSON.parse(document.getElementById('carepath-data').textContent);
        const injected = document.querySelectorAll('img, iframe, object, embed, a[href^="javascript" i]').length
          + Math.abs(document.querySelectorAll('script').length - 2) + Math.abs(document.querySelectorAll('style').length - 1);
        const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
        const wrong = [];
        document.querySelectorAll('.node-label[data-i]').forEach((e) => {
          const want = data.nodes[Number(e.getAttribute('data-i'))].label;
          if (e.textContent !== want) wrong.push(JSON.stringify(e.textContent) + ' for ' + JSON.stringify(want));
        });
        const labels = document.querySelectorAll('.node-label[data-i]').length;
        data.factors.forEach((f, i) => {
          const c = document.getElementById('factor-' + i);
          if (c.getAttribute('data-factor') !== f.id) wrong.push('data-factor ' + JSON.stringify(c.getAttribute('data-factor')));
          const label = c.labels[0].querySelector('bdi').textContent;
          if (label !== f.label) wrong.push('label ' + JSON.stringify(label));
          if (f.type !== 'integer') {
            const words = [...c.options].slice(1).map((o) => o.textContent);
            if (JSON.stringify(words) !== JSON.stringify(f.words)) wrong.push('options ' + JSON.stringify(words));
          }
        });
        const ids = [...document.querySelectorAll('#chart svg [data-node]')].map((g) => g.getAttribute('data-node'));
        ids.forEach((id) => { if (!data.nodes.some((n) => n.id === id)) wrong.push('data-node ' + JSON.stringify(id)); });
        if (document.getElementById('page-title').textContent !== data.pathway.title) wrong.push('title');
        return { injected, handlers, wrong, labels, nodes: ids.length };
      });
      check('hostile: no element injected', r.injected === 0, r.injected + ' found');
      check('hostile: no event handler attribute', r.handlers === 0, r.handlers + ' found');
      check('hostile: every label shows as written (' + r.labels + ' labels, ' + r.nodes + ' nodes)', r.wrong.length === 0 && r.labels > 0, r.wrong.join('; '));
      // Choose every hostile value through the controls: still nothing runs.
      const values = await page.evaluate(() => [...document.querySelectorAll('select[data-factor]')].map((c) => [c.id, [...c.options].map((o) => o.value)]));
      for (const [id, options] of values) {
        for (const v of options) await page.selectOption('#' + id, v);
      }
      await page.goto(plan.hostile.url.split('#')[0] + '#' + encodeURIComponent('</script><img src=x onerror=alert(1)>') + '=1&fit=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E');
      await page.waitForSelector('#fragment-message:not([hidden])');
      const message = await page.textContent('#fragment-message');
      check('hostile: a hostile fragment is ignored with a message that shows it as text', message.includes('</script><img src=x onerror=alert(1)>') && message.includes('<img src=x onerror=alert(2)>'), message);
      const after = await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed').length);
      check('hostile: still no element injected after choosing every value', after === 0, String(after));
      if (plan.shots) fs.writeFileSync(path.join(plan.shots, 'hostile.png'), await page.screenshot({ fullPage: true }));
      check('hostile: no dialog and no script error', errors.length === 0, errors.join('; '));
      await page.close();
    }
  } finally {
    await context.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log('FAIL the browser test stopped: ' + (e && e.stack || e)); process.exit(1); });
