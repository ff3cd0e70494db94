// The Scenario tab: the loaded scenario, and loading a file through the file input. A bad file
// is refused with every problem as NAME:LINE:COL: message (what `connectel-sim check` prints),
// and the scenario in place stays.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, waitForCount, waitForText } from './harness.mjs';

// Line 4 has a misspelt key at column 3; line 6 a duration that does not parse.
const BROKEN = `// a scenario with two mistakes
{
  "name": "broken",
  "lifecycel": [ { "after": "1s", "status": "DELIVRD" } ],
  "rules": [
    { "match": {}, "lifecycle": [ { "after": "soon", "status": "DELIVRD" } ] }
  ]
}
`;

const GOOD = `// a good one
{ "name": "loaded-from-the-page", "description": "chosen in the file input", "clock": "virtual" }
`;

test('loading a bad scenario file shows its problems with line and column', async (t) => {
  const sim = await t.simulator({ scenario: { name: 'scenario-view', description: 'the first one' }, name: 'first' });
  const page = await t.page(sim, '#/scenario');
  await waitForText(page, '[data-test=scenario-name]', 'scenario-view');
  await waitForText(page, '[data-test=scenario-source]', /"scenario-view"/);

  await page.setInputFiles('[data-test=scenario-file]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(BROKEN) });
  await page.waitForSelector('[data-test=scenario-problems]');
  const problems = await page.$$eval('[data-test=scenario-problems] li', (items) => items.map((li) => li.textContent));
  assert.ok(problems.length >= 2, `two problems at least: ${JSON.stringify(problems)}`);
  for (const problem of problems) assert.match(problem, /^broken\.json:\d+:\d+: \S/);
  assert.ok(problems.some((p) => /^broken\.json:4:3: .*lifecycel/.test(p)), `the misspelt key at 4:3: ${JSON.stringify(problems)}`);
  assert.ok(problems.some((p) => /^broken\.json:6:\d+: .*soon/.test(p)), `the bad duration on line 6: ${JSON.stringify(problems)}`);

  // The same list as `connectel-sim check broken.json`.
  writeFileSync(path.join(sim.dir, 'broken.json'), BROKEN);
  const check = await sim.check(sim.dir, 'broken.json');
  assert.equal(check.code, 1);
  assert.deepEqual(problems, check.output.trim().split('\n').filter((line) => line.startsWith('broken.json:')));

  await waitForText(page, '[data-test=scenario-status]', /broken\.json/);
  await waitForText(page, '[data-test=scenario-name]', 'scenario-view'); // still the first one
  assert.equal((await sim.api('GET', '/_sim/scenario')).name, 'scenario-view');
  await t.screenshot('scenario-problems');

  // A good file loads: the name follows, the problems go.
  await page.setInputFiles('[data-test=scenario-file]', { name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(GOOD) });
  await waitForText(page, '[data-test=scenario-name]', 'loaded-from-the-page');
  await waitForCount(page, '[data-test=scenario-problems]', 0);
  await waitForText(page, '[data-test=scenario-status]', /good\.json/);
  await waitForText(page, '[data-test=scenario-source]', /chosen in the file input/);
  assert.equal((await sim.api('GET', '/_sim/scenario')).name, 'loaded-from-the-page');
  await t.screenshot('scenario-loaded');
});
