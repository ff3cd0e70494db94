// What every browser test (and bench/page_render.mjs) stands on: a connectel-sim of its own on
// port 0, real HTTP receivers on 127.0.0.1, Debian's chromium driven over the DevTools protocol
// by page.mjs (nothing from npm), and screenshots. Nothing here sleeps: every wait is for a
// condition, with a timeout.
import { spawn, execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '..', '..');

// How long one DOM condition may take; CI machines running every suite at once are slow.
export const WAIT_MS = Number(process.env.BROWSER_WAIT_MS || 15000);

export class SetupError extends Error {}

// Node.js 18 at least (Debian 12's nodejs is 18.20.4): what these files are written for.
export function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 18) {
    throw new SetupError(`Node.js ${process.versions.node} is too old: 18 or newer is needed (Debian: apt-get install nodejs)`);
  }
}

export function chromiumPath() {
  const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
  try {
    accessSync(chromium, constants.X_OK);
  } catch {
    throw new SetupError(`no Chromium at ${chromium}: install Debian's package (apt-get install chromium), ` +
      'or set CHROMIUM=/path/to/chromium');
  }
  return chromium;
}

export function simulatorPath() {
  const sim = process.env.CONNECTEL_SIM || path.join(projectRoot, 'build', 'simulator', 'connectel-sim');
  if (!existsSync(sim)) {
    throw new SetupError(`no connectel-sim at ${sim}: build it (meson compile -C build), or set CONNECTEL_SIM`);
  }
  return sim;
}

export function screenshotDir() {
  const dir = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'connectel-sim-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Rejects after `ms` with `what` in the message, unless `promise` settles first.
export function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// --- plain HTTP, one connection per request (no keep-alive left to hold the simulator's exit)
export function request(method, url, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON: the caller has text
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// --- connectel-sim
// Starts `connectel-sim --port 0 --clock virtual --scenario FILE --seed 1` with `scenario` (an
// object or a JSONC text) written to a temporary directory; resolves once its ready line is read.
export async function startSimulator({ scenario = { name: 'browser-test' }, args = [], name = 'scenario' } = {}) {
  const sim = simulatorPath();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'connectel-browser-'));
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, typeof scenario === 'string' ? scenario : JSON.stringify(scenario, null, 2));
  const child = spawn(sim, ['--port', '0', '--clock', 'virtual', '--scenario', file, '--seed', '1', '--log-level', 'warn', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => { stderr += text; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let stdout = '';
  child.stdout.setEncoding('utf8');
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (text) => {
      stdout += text;
      const match = stdout.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    exited.then(({ code, signal }) => reject(new Error(
      `connectel-sim exited (${signal ?? code}) before its ready line; stderr:\n${stderr}`)));
    child.once('error', reject);
  });
  let url;
  try {
    url = await within(10000, 'the ready line of connectel-sim', ready);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const api = async (method, route, body) => {
    const json = body !== undefined && typeof body !== 'string';
    const answer = await request(method, url + route, {
      body: json ? JSON.stringify(body) : body,
      headers: json ? { 'Content-Type': 'application/json' } : {},
    });
    if (answer.status >= 400) throw new Error(`${method} ${route} answered ${answer.status}: ${answer.text}`);
    return answer.json;
  };

  return {
    url,
    dir,
    file,
    pid: child.pid,
    stderr: () => stderr,
    api,
    // POST /api/v2/send/ as form fields, as a client would; resolves to the gateway's answer.
    async send(fields) {
      const answer = await request('POST', `${url}/api/v2/send/`, {
        body: new URLSearchParams(fields).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      if (answer.status !== 200) throw new Error(`POST /api/v2/send/ answered ${answer.status}: ${answer.text}`);
      return answer.json;
    },
    advance: (by) => api('POST', '/_sim/clock/advance', { by }),
    // `connectel-sim check NAME` run in `cwd`: its problems, one per line.
    check(cwd, fileName) {
      return new Promise((resolve) => {
        execFile(sim, ['check', fileName], { cwd }, (error, out, err) => resolve({ code: error?.code ?? 0, output: out + err }));
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const done = await within(5000, 'connectel-sim to exit on SIGTERM', exited).catch(() => null);
        if (!done) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
      return exited;
    },
  };
}

// --- a callback receiver: node's HTTP server on 127.0.0.1, port 0
// `respond(req)` gives the status to answer (200 by default). Every request is kept, with its
// body read and (JSON or form) parsed.
export async function startReceiver({ respond = () => 200 } = {}) {
  const received = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const contentType = req.headers['content-type'] ?? '';
      let fields = null;
      try {
        if (contentType.startsWith('application/json')) fields = JSON.parse(text);
        else if (contentType.startsWith('application/x-www-form-urlencoded')) fields = Object.fromEntries(new URLSearchParams(text));
      } catch {
        fields = null;
      }
      const entry = { method: req.method, path: req.url, contentType, headers: req.headers, text, fields };
      received.push(entry);
      const status = respond(entry);
      res.writeHead(status, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end(status < 400 ? 'ok' : 'unavailable');
      for (const waiter of [...waiters]) waiter();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    url: (route) => base + route,
    received,
    // Resolves to the first request `predicate` accepts, the ones already received included.
    waitFor(predicate, what = 'a request', ms = WAIT_MS) {
      return within(ms, `${what} at ${base}`, new Promise((resolve) => {
        const check = () => {
          const hit = received.find(predicate);
          if (!hit) return false;
          waiters.splice(waiters.indexOf(check), 1);
          resolve(hit);
          return true;
        };
        waiters.push(check);
        check();
      }));
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

// --- Chromium: headless, no sandbox (CI runs as root in a chroot), /dev/shm not relied on (it may
// be small): page.mjs's launch passes those, and the rest of what playwright passed.
export async function launchBrowser() {
  return launch({ executablePath: chromiumPath() });
}

// A new page that records what went wrong in it: uncaught exceptions, console errors, failed
// requests and Content-Security-Policy violations (reported to node as they happen, so that a
// violation before a reload counts too).
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const problems = { pageErrors: [], consoleErrors: [], failedRequests: [], errorResponses: [], cspViolations: [] };
  page.on('pageerror', (error) => problems.pageErrors.push(String(error.stack || error)));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.errorResponses.push(`${response.request().method()} ${response.url()}: HTTP ${response.status()}`);
  });
  page.on('requestfailed', (req) => {
    // An EventSource torn down by a navigation or the close is not a failure of the page.
    if (!req.url().includes('/_sim/events')) problems.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
  });
  await page.exposeFunction('__reportCspViolation', (violation) => problems.cspViolations.push(violation));
  await page.addInitScript(() => {
    const report = window.__reportCspViolation;
    document.addEventListener('securitypolicyviolation', (event) => {
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (line ${event.lineNumber}) ${event.sample || ''}`);
    });
  });
  page.problems = problems;
  return page;
}

// Opens the page at `hash` and waits for its first render and a live event stream.
export async function openPage(page, sim, hash = '#/messages') {
  await page.goto(`${sim.url}/${hash}`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  await page.waitForSelector('[data-test=connection][data-state=live]', { state: 'attached' });
  return page;
}

export async function screenshot(page, name) {
  const file = path.join(screenshotDir(), name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

// Waits until `selector` matches exactly `count` elements (attached, visible or not).
export async function waitForCount(page, selector, count, what = selector) {
  try {
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [selector, count]);
  } catch (error) {
    const seen = await page.evaluate((sel) => document.querySelectorAll(sel).length, selector).catch(() => '?');
    throw new Error(`expected ${count} of ${what}, saw ${seen} after ${WAIT_MS} ms`);
  }
}

// Waits until the text of `selector` (the first match) satisfies `expected` (string or RegExp).
export async function waitForText(page, selector, expected) {
  const source = expected instanceof RegExp ? { re: expected.source, flags: expected.flags } : { text: expected };
  try {
    await page.waitForFunction(([sel, want]) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const text = el.textContent;
      return want.re !== undefined ? new RegExp(want.re, want.flags).test(text) : text === want.text;
    }, [selector, source]);
  } catch (error) {
    const seen = await page.evaluate((sel) => document.querySelector(sel)?.textContent ?? '(no element)', selector).catch(() => '?');
    throw new Error(`${selector}: expected text ${expected instanceof RegExp ? expected : JSON.stringify(expected)}, ` +
      `saw ${JSON.stringify(seen)} after ${WAIT_MS} ms`);
  }
}

// --- tests: registered by the test files, run by run.mjs
export const registered = [];

// test(name, async (t) => ...): `t` starts what the test needs and stops it all afterwards.
//   t.simulator({scenario, args})  t.receiver({respond})  t.page(sim, hash)  t.screenshot(name)
export function test(name, fn, { timeout = 120000 } = {}) {
  registered.push({ name, fn, timeout });
}

export class TestContext {
  constructor(name) {
    this.name = name;
    this.cleanups = [];
    this.simulators = [];
    this.pages = [];
    this.browser = null;
  }

  async simulator(options) {
    const sim = await startSimulator(options);
    this.simulators.push(sim);
    this.cleanups.push(() => sim.stop());
    return sim;
  }

  async receiver(options) {
    const receiver = await startReceiver(options);
    this.cleanups.push(() => receiver.close());
    return receiver;
  }

  // A fresh page (one browser per test) opened on `sim` at `hash`, first render done, live.
  async page(sim, hash) {
    if (!this.browser) {
      this.browser = await launchBrowser();
      this.cleanups.push(() => this.browser.close());
    }
    const page = await newPage(this.browser);
    this.pages.push(page);
    return openPage(page, sim, hash);
  }

  screenshot(name, page = this.pages.at(-1)) {
    return screenshot(page, name);
  }

  // For a test that makes the page fail an API call on purpose.
  allowErrorBanner() {
    this.errorBannerAllowed = true;
  }

  // Uncaught exceptions, Content-Security-Policy violations and an error banner left in the
  // test's pages: failures of the page, whatever else passed.
  async pageFaults() {
    const faults = [];
    for (const page of this.pages) {
      for (const error of page.problems.pageErrors) faults.push(`uncaught: ${error}`);
      for (const violation of page.problems.cspViolations) faults.push(`CSP violation: ${violation}`);
      if (page.isClosed()) continue;
      const banner = await page.evaluate(() => document.querySelector('[data-test=error]')?.textContent ?? null).catch(() => null);
      if (banner !== null && !this.errorBannerAllowed) faults.push(`error banner: ${banner}`);
    }
    return faults;
  }

  async diagnostics() {
    const lines = [];
    for (const page of this.pages) {
      const { pageErrors, consoleErrors, failedRequests, errorResponses, cspViolations } = page.problems;
      if (!page.isClosed()) lines.push(`  page at ${page.url()}`);
      for (const [label, list] of [['uncaught', pageErrors], ['console error', consoleErrors],
        ['request failed', failedRequests], ['error response', errorResponses], ['CSP violation', cspViolations]]) {
        for (const item of list) lines.push(`    ${label}: ${item}`);
      }
      const banner = await page.evaluate(() => document.querySelector('[data-test=error]')?.textContent).catch(() => null);
      if (banner) lines.push(`    error banner: ${banner}`);
    }
    for (const sim of this.simulators) {
      const stderr = sim.stderr().trim();
      if (stderr) lines.push(`  connectel-sim stderr (last lines):\n${stderr.split('\n').slice(-15).map((l) => `    ${l}`).join('\n')}`);
    }
    return lines.join('\n');
  }

  async cleanup() {
    for (const cleanup of this.cleanups.reverse()) {
      await cleanup().catch(() => {});
    }
  }
}
