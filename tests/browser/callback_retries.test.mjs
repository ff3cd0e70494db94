// A receiver that answers 503: the DLR is retried on the simulator's clock, each attempt is a
// row of the callbacks log, and "failed only" and the URL filter narrow the log.
import assert from 'node:assert/strict';
import { test, waitForCount, waitForText } from './harness.mjs';

test("a failing receiver's retries show in the callbacks log", async (t) => {
  const failing = await t.receiver({ respond: () => 503 });
  const healthy = await t.receiver({ respond: () => 200 });
  const sim = await t.simulator({
    scenario: {
      name: 'callback-retries',
      tokens: [
        { token: 'down-token', id: 'down', dlr: { url: failing.url('/dlr-down'), format: 'json' } },
        { token: 'up-token', id: 'up', dlr: { url: healthy.url('/dlr-up'), format: 'json' } },
      ],
      // Attempts at 1s, then +2s, +4s, +5s (capped): 1s, 3s, 7s, 12s; the 4th is the last.
      callbacks: { timeout: '2s', retries: 3, backoff: '2s', max_backoff: '5s' },
    },
  });
  const down = await sim.send({ authorization: 'down-token', sender: 'Acme', recipient: '46700000001', message: 'To a broken receiver' });
  const up = await sim.send({ authorization: 'up-token', sender: 'Acme', recipient: '46700000002', message: 'To a working receiver' });

  const page = await t.page(sim, '#/callbacks');
  const downRows = `[data-test=callback-row][data-url="${failing.url('/dlr-down')}"]`;
  const upRows = `[data-test=callback-row][data-url="${healthy.url('/dlr-up')}"]`;

  // 1 s: both DELIVRD; the first attempts.
  await page.fill('[data-test=advance-input]', '1s');
  await page.click('[data-test=advance-button]');
  await waitForCount(page, downRows, 1, 'attempts to the failing receiver');
  await waitForCount(page, upRows, 1, 'attempts to the healthy receiver');
  assert.equal(await page.getAttribute(downRows, 'data-outcome'), 'will_retry');
  assert.equal(await page.getAttribute(upRows, 'data-outcome'), 'delivered');

  // 15 s more: the retries at 3s, 7s and 12s, the last one gives up.
  await page.fill('[data-test=advance-input]', '15s');
  await page.click('[data-test=advance-button]');
  await waitForCount(page, downRows, 4, 'attempts to the failing receiver');
  const outcomes = await page.$$eval(downRows, (rows) => rows.map((row) => row.dataset.outcome));
  assert.deepEqual([...outcomes].sort(), ['failed', 'will_retry', 'will_retry', 'will_retry']);
  assert.equal(outcomes[0], 'failed', 'newest first: the attempt that gave up is on top');
  assert.equal(failing.received.length, 4, 'the receiver got every attempt');
  assert.ok(failing.received.every((r) => r.fields?.requestid === down.requestid));
  assert.equal(healthy.received.length, 1);
  assert.equal(healthy.received[0].fields.requestid, up.requestid);
  await t.screenshot('callbacks-retries');

  // Failed only: the 4 attempts that did not deliver, none of the healthy receiver's.
  await page.check('[data-test=callbacks-failed-only]');
  await waitForCount(page, upRows, 0, 'delivered rows under "failed only"');
  await waitForCount(page, '[data-test=callback-row]', 4, 'rows under "failed only"');
  assert.ok((await page.$$eval('[data-test=callback-row]', (rows) => rows.map((r) => r.dataset.outcome))).every((o) => o !== 'delivered'));
  await t.screenshot('callbacks-failed-only');

  // The URL filter: the healthy receiver's path under "failed only" leaves nothing...
  await page.fill('[data-test=callbacks-url-filter]', '/dlr-up');
  await waitForCount(page, '[data-test=callback-row]', 0, 'rows for /dlr-up under "failed only"');
  // ... and without "failed only", its one delivered attempt.
  await page.uncheck('[data-test=callbacks-failed-only]');
  await waitForCount(page, '[data-test=callback-row]', 1, 'rows for /dlr-up');
  assert.equal(await page.getAttribute('[data-test=callback-row]', 'data-outcome'), 'delivered');

  // The message's detail lists the same attempts.
  await page.evaluate((hash) => { location.hash = hash; }, `#/messages/${encodeURIComponent(down.requestid)}`);
  await page.waitForSelector('[data-test=message-detail]');
  await waitForCount(page, '[data-test=dlr-attempt]', 4, 'DLR attempts in the detail');
  assert.deepEqual((await page.$$eval('[data-test=dlr-attempt]', (rows) => rows.map((r) => r.dataset.outcome))),
    ['will_retry', 'will_retry', 'will_retry', 'failed'], 'oldest first');
  await waitForText(page, '[data-test=message-detail] [data-test=status-chip]', 'DELIVRD');
  await t.screenshot('callbacks-detail-attempts');
});
