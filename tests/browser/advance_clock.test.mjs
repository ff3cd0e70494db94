// The clock in the page's header drives the virtual clock: advancing it delivers a message.
import assert from 'node:assert/strict';
import { test, waitForText } from './harness.mjs';

test('advancing the clock from the page turns a message DELIVRD', async (t) => {
  const sim = await t.simulator({
    scenario: { name: 'advance-clock', lifecycle: [{ after: '1s', status: 'DELIVRD', desc: 'Handset confirmed' }] },
  });
  const page = await t.page(sim, '#/messages');
  await waitForText(page, '[data-test=clock-now]', '2020-01-01 00:00:00.000');

  const sent = await sim.send({ authorization: 'browser-token', sender: 'Acme', recipient: '46700000001', message: 'Hello' });
  const row = `[data-test=message-row][data-requestid="${sent.requestid}"]`;
  await waitForText(page, `${row} [data-test=status-chip]`, 'ENROUTE');

  // 500 ms: not yet.
  await page.fill('[data-test=advance-input]', '500ms');
  await page.click('[data-test=advance-button]');
  await waitForText(page, '[data-test=clock-now]', '2020-01-01 00:00:00.500');
  assert.equal((await sim.api('GET', '/_sim/clock')).now.slice(0, 23), '2020-01-01T00:00:00.500');
  assert.equal(await page.getAttribute(row, 'data-status'), 'ENROUTE');

  // Another 500 ms: the lifecycle's 1 s step runs, and the chip follows through the event stream.
  await page.fill('[data-test=advance-input]', '500ms');
  await page.click('[data-test=advance-button]');
  await page.waitForSelector(`${row}[data-status=DELIVRD]`);
  await waitForText(page, `${row} [data-test=status-chip]`, 'DELIVRD');
  await waitForText(page, '[data-test=clock-now]', '2020-01-01 00:00:01.000');
  const stored = await sim.api('GET', `/_sim/messages/${sent.requestid}`);
  assert.equal(stored.status, 'DELIVRD');
  await t.screenshot('advance-clock-delivrd');

  // The detail shows both history entries; a bad duration shows the API's error in the banner.
  await page.click(`${row} a`);
  await page.waitForSelector('[data-test=message-detail]');
  await page.waitForFunction(() => document.querySelectorAll('[data-test=history-entry]').length === 2);
  const history = await page.$$eval('[data-test=history-entry]', (entries) => entries.map((e) => e.dataset.status));
  assert.deepEqual(history, ['ENROUTE', 'DELIVRD']);

  t.allowErrorBanner();
  await page.fill('[data-test=advance-input]', 'soon');
  await page.click('[data-test=advance-button]');
  await waitForText(page, '[data-test=error]', /bad duration|duration/i);
  await t.screenshot('advance-clock-bad-duration');

  // The one-click buttons move it too.
  await page.click('[data-test=advance-1m]');
  await waitForText(page, '[data-test=clock-now]', '2020-01-01 00:01:01.000');
});

test('forcing a status from the detail moves the message and its chip', async (t) => {
  const sim = await t.simulator({ scenario: { name: 'force-status' } });
  const sent = await sim.send({ authorization: 'browser-token', sender: 'Acme', recipient: '46700000001', message: 'Force me' });
  const page = await t.page(sim, `#/messages/${encodeURIComponent(sent.requestid)}`);
  const row = `[data-test=message-row][data-requestid="${sent.requestid}"]`;
  await page.waitForSelector('[data-test=message-detail]');
  await page.selectOption('[data-test=force-status]', 'REJECTD');
  await page.click('[data-test=force-status-button]');
  await page.waitForSelector(`${row}[data-status=REJECTD]`);
  await waitForText(page, `${row} [data-test=status-chip]`, 'REJECTD');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-test=history-entry]')].map((e) => e.dataset.status).join() === 'ENROUTE,REJECTD');
  assert.equal((await sim.api('GET', `/_sim/messages/${sent.requestid}`)).status, 'REJECTD');
  // A final status ends the lifecycle: the 1 s DELIVRD step does not run.
  await page.click('[data-test=advance-1s]');
  await waitForText(page, '[data-test=clock-now]', '2020-01-01 00:00:01.000');
  assert.equal((await sim.api('GET', `/_sim/messages/${sent.requestid}`)).status, 'REJECTD');
  assert.equal(await page.getAttribute(row, 'data-status'), 'REJECTD');
  await t.screenshot('force-status');
});
