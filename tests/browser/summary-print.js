// The patient summary on paper: each page of `carepath summary --format html` printed to PDF
// in headless Chromium (the system's, through playwright-core), as Letter with the page's own
// print stylesheet, and its pages counted. Run by tests/browser.rs:
//
//   node tests/browser/summary-print.js PLAN.json
//
// PLAN.json: { "chromium": path, "cases": [{ "name", "url", "max_pages" }], "shots": dir | null }.
// Prints one line per case ("ok   NAME: N pages (at most M)") and a last line
// "N passed, N failed"; exits 1 on any failure.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log('ok   ' + name); }
  else { failed++; console.log('FAIL ' + name + (detail ? ': ' + detail : '')); }
}

// The pages of a PDF: its `/Type /Page` objects (not the `/Pages` tree). Chromium writes them
// uncompressed, one per printed page.
function pageCount(pdf) {
  const text = pdf.toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

(async () => {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'carepath-chromium-'));
  const context = await chromium.launchPersistentContext(userData, {
    executablePath: plan.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    for (const c of plan.cases) {
      const page = await context.newPage();
      await page.goto(c.url);
      const pdf = await page.pdf({ format: 'Letter', preferCSSPageSize: false });
      if (plan.shots) fs.writeFileSync(path.join(plan.shots, c.shot + '.pdf'), pdf);
      const n = pageCount(pdf);
      check(c.name + ': ' + n + ' pages (at most ' + c.max_pages + ')', n >= 1 && n <= c.max_pages,
        'prints on ' + n + ' Letter pages');
      await page.close();
    }
  } catch (e) {
    check('the browser ran', false, String(e && e.stack || e));
  } finally {
    await context.close();
  }
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed ? 1 : 0);
})();
