// Runs browser test files: `node tests/browser/run.mjs [FILE.test.mjs...]` (none: every
// *.test.mjs here). Prints "ok" or "FAIL" per test, then "N passed, N failed"; exits 1 on any
// failure, or when the setup (Node.js 18+, chromium, connectel-sim) is missing. Nothing from npm:
// page.mjs speaks the DevTools protocol to Debian's chromium itself.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  SetupError, TestContext, checkNode, chromiumPath, registered, screenshot, screenshotDir, simulatorPath, within,
} from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const files = process.argv.length > 2
  ? process.argv.slice(2).map((file) => path.resolve(file))
  : readdirSync(here).filter((name) => name.endsWith('.test.mjs')).sort().map((name) => path.join(here, name));

const missing = files.filter((file) => !existsSync(file));
if (missing.length) {
  console.error(`browser tests: no such test file: ${missing.join(', ')}`);
  process.exit(1);
}

try {
  checkNode();
  chromiumPath();
  simulatorPath();
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(`browser tests: ${error.message}`);
  process.exit(1);
}

let passed = 0;
let failed = 0;
for (const file of files) {
  const first = registered.length;
  await import(pathToFileURL(file).href);
  for (const { name, fn, timeout } of registered.slice(first)) {
    const t = new TestContext(name);
    const start = performance.now();
    let failure = null;
    try {
      await within(timeout, `the whole test "${name}"`, fn(t));
      const faults = await t.pageFaults();
      if (faults.length) throw new Error(`the page went wrong:\n  ${faults.join('\n  ')}`);
    } catch (error) {
      failure = error;
    }
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    if (failure) {
      failed++;
      console.log(`FAIL ${name} (${seconds} s)`);
      console.log(`  ${String(failure.stack || failure).split('\n').join('\n  ')}`);
      const page = t.pages.at(-1);
      if (page && !page.isClosed()) {
        const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
        const shot = await screenshot(page, `FAILED-${slug}`).catch(() => null);
        if (shot) console.log(`  screenshot: ${shot}`);
      }
      const diagnostics = await t.diagnostics();
      if (diagnostics) console.log(diagnostics);
    } else {
      passed++;
      console.log(`ok   ${name} (${seconds} s)`);
    }
    await t.cleanup();
  }
}
if (passed + failed === 0) {
  console.log('browser tests: no test found');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed (screenshots in ${screenshotDir()})`);
process.exit(failed ? 1 : 0);
