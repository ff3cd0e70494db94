// The web page's first render with 100,000 stored messages, in Chromium, against baselines
// measured in the same run: the same browser navigating to a trivial document of the same
// server, and the one API call the first render needs, timed alone.
//
//   node bench/page_render.mjs [CONNECTEL_SIM]   (default: build-release's, else build's)
//
// Needs Node.js 18+ and Debian's chromium (apt-get install nodejs chromium; CHROMIUM=/path
// overrides /usr/bin/chromium), driven by tests/browser/page.mjs: nothing from npm. Exit status
// 1 when the target is missed, 2 on an error.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SetupError, checkNode, chromiumPath, launchBrowser, request, startSimulator,
} from '../tests/browser/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MESSAGES = 100000;
const BULK = 10000;
const RUNS = 5;
const TARGET_MS = 300;

function simulatorArgument() {
  if (process.argv[2]) return path.resolve(process.argv[2]);
  if (process.env.CONNECTEL_SIM) return process.env.CONNECTEL_SIM;
  for (const dir of ['build-release', 'build']) {
    const sim = path.join(root, dir, 'simulator', 'connectel-sim');
    if (existsSync(sim)) return sim;
  }
  throw new SetupError('no connectel-sim: pass its path, or build it (meson compile -C build)');
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
}

const ms = (value) => `${value.toFixed(2)} ms`;
const row = (what, s) => console.log(`   ${what.padEnd(56)} ${s.median.toFixed(2).padStart(6)} ms ${s.min.toFixed(2).padStart(6)} ms ${s.max.toFixed(2).padStart(6)} ms`);

function loadAverage() {
  try {
    const [one, five] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return `load average ${one} (1 min), ${five} (5 min)`;
  } catch {
    return 'load average unknown';
  }
}

// 100,000 messages in bulks of 10,000 distinct recipients, as sim_bench sends them.
async function store(sim) {
  const start = performance.now();
  for (let sent = 0; sent < MESSAGES; sent += BULK) {
    const recipient = [];
    for (let i = 0; i < BULK; i++) recipient.push({ [`K${sent + i + 1}`]: String(46700000000 + sent + i) });
    const body = JSON.stringify({ authorization: 'T', sender: 'IKEA', bulk: true, recipient, message: `Hello number ${sent / BULK + 1}` });
    const answer = await request('POST', `${sim.url}/api/v2/send/`, { body, headers: { 'Content-Type': 'application/json' } });
    if (answer.status !== 200) throw new Error(`a bulk send answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  const stored = await request('GET', `${sim.url}/_sim/messages?limit=1`);
  if (stored.json?.total !== MESSAGES) throw new Error(`the simulator holds ${stored.json?.total} messages, not ${MESSAGES}`);
  return performance.now() - start;
}

// One fresh page load (a new browser context: no cache, no storage): navigationStart to the
// page's performance.mark('first-render'), with the rows and total it rendered.
async function firstRender(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${url}/#/messages`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 30000 });
    return await page.evaluate(() => ({
      ms: performance.getEntriesByName('first-render', 'mark')[0]?.startTime,
      rows: document.querySelectorAll('[data-test=message-row]').length,
      total: document.querySelector('[data-test=messages-total]')?.textContent ?? '',
    }));
  } finally {
    await context.close();
  }
}

// The same navigation to a trivial document of the same server (GET /_sim/health, a small
// JSON shown as text): navigationStart to its load event.
async function trivialPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${url}/_sim/health`, { waitUntil: 'load' });
    return await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  } finally {
    await context.close();
  }
}

async function main() {
  const simPath = simulatorArgument();
  checkNode();
  const chromium = chromiumPath();
  process.env.CONNECTEL_SIM = simPath;
  const sim = await startSimulator({ scenario: { name: 'page-render-bench' } });
  let browser;
  try {
    browser = await launchBrowser();
    console.log(`page_render: connectel-sim ${simPath}\n             chromium      ${chromium} ${browser.version()}`);
    console.log(`             ${loadAverage()}\n`);

    const storeMs = await store(sim);
    console.log(`1. Storing: ${MESSAGES / BULK} bulk sends of ${BULK} distinct recipients (JSON) to connectel-sim --clock\n` +
      `   virtual --seed 1 --log-level warn: ${MESSAGES} messages stored in ${(storeMs / 1000).toFixed(2)} s.\n`);

    console.log(`2. First render: ${RUNS} fresh loads of /#/messages (a new browser context each: no cache), from\n` +
      `   navigationStart to the page's performance.mark('first-render'), headless Chromium; one warm-up\n` +
      `   load first, not counted. Baselines, each ${RUNS} times in the same run and browser: a navigation to\n` +
      '   GET /_sim/health (a trivial document) to its load event; the first page\'s data alone,\n' +
      '   GET /_sim/messages?order=desc&limit=100, fetched from node on a new connection.');
    await firstRender(browser, sim.url);
    await trivialPage(browser, sim.url);
    const render = [];
    const trivial = [];
    const fetches = [];
    let shown = null;
    for (let run = 0; run < RUNS; run++) {
      const result = await firstRender(browser, sim.url);
      if (typeof result.ms !== 'number') throw new Error("the page set body[data-ready] without performance.mark('first-render')");
      if (result.rows === 0 || Number(result.total.replace(/\D/g, '')) !== MESSAGES) {
        throw new Error(`the first render shows ${result.rows} rows and a total of "${result.total}", not the ${MESSAGES} messages`);
      }
      shown = result;
      render.push(result.ms);
      trivial.push(await trivialPage(browser, sim.url));
      const start = performance.now();
      const answer = await request('GET', `${sim.url}/_sim/messages?order=desc&limit=100`);
      fetches.push(performance.now() - start);
      if (answer.status !== 200 || answer.json.messages.length !== 100) throw new Error('GET /_sim/messages?order=desc&limit=100 failed');
    }
    const r = stats(render);
    const t = stats(trivial);
    const f = stats(fetches);
    console.log(`   ${''.padEnd(56)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)}`);
    row('navigation to GET /_sim/health, to its load event', t);
    row('GET /_sim/messages?order=desc&limit=100 alone, from node', f);
    row(`first render of /#/messages (${shown.rows} rows of ${MESSAGES})`, r);
    console.log(`   first render, every run in order: ${render.map((v) => v.toFixed(1)).join(' ')} ms\n`);

    const pass = r.median < TARGET_MS;
    const verdicts = [{
      what: `first render, ${MESSAGES} messages (median)`,
      figure: ms(r.median),
      baseline: `${ms(t.median)} page`,
      ratio: `${(r.median / t.median).toFixed(1)}x`,
      target: `< ${TARGET_MS} ms`,
      pass,
    }];
    const line = (c) => `${c[0].padEnd(44)} ${c[1].padStart(12)} ${c[2].padStart(17)} ${c[3].padStart(7)} ${c[4].padStart(10)}  ${c[5]}`;
    console.log(line(['target', 'figure', 'baseline', 'ratio', 'target', 'verdict']));
    for (const v of verdicts) console.log(line([v.what, v.figure, v.baseline, v.ratio, v.target, v.pass ? 'PASS' : 'FAIL']));
    return pass ? 0 : 1;
  } finally {
    await browser?.close();
    await sim.stop();
  }
}

main().then((code) => process.exit(code), (error) => {
  console.error(`page_render: ${error instanceof SetupError ? error.message : error.stack || error}`);
  process.exit(2);
});
