// A message sent through the gateway API shows in the open page, live, without a reload.
import assert from 'node:assert/strict';
import { test, waitForText } from './harness.mjs';

test('a message sent through the API appears without a reload', async (t) => {
  const sim = await t.simulator({ scenario: { name: 'message-appears' } });
  const page = await t.page(sim, '#/messages');
  await waitForText(page, '[data-test=messages-total]', '0');
  // A reload or a navigation would drop this mark.
  await page.evaluate(() => { window.__sameDocument = true; });

  const sent = await sim.send({ authorization: 'browser-token', sender: 'IKEA', recipient: '46700000001', message: 'Your order has shipped' });
  const row = `[data-test=message-row][data-requestid="${sent.requestid}"]`;
  await page.waitForSelector(row);
  await waitForText(page, `${row} [data-test=message-text]`, 'Your order has shipped');
  await waitForText(page, `${row} [data-test=status-chip]`, 'ENROUTE');
  assert.equal(await page.getAttribute(row, 'data-status'), 'ENROUTE');
  await waitForText(page, '[data-test=messages-total]', '1');

  // A second one goes on top (newest first).
  const second = await sim.send({ authorization: 'browser-token', sender: 'IKEA', recipient: '46700000002', message: 'Second' });
  await waitForText(page, '[data-test=messages-total]', '2');
  const order = await page.$$eval('[data-test=message-row]', (rows) => rows.map((r) => r.dataset.requestid));
  assert.deepEqual(order, [second.requestid, sent.requestid], 'newest first');

  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
  await t.screenshot('message-appears');
});

test('the tabs switch views and the reset button empties the list', async (t) => {
  const sim = await t.simulator({ scenario: { name: 'tabs-and-reset' } });
  await sim.send({ authorization: 'browser-token', sender: 'IKEA', recipient: '46700000001', message: 'One' });
  const page = await t.page(sim, '#/messages');
  await waitForText(page, '[data-test=messages-total]', '1');

  for (const [tab, hash, visible] of [
    ['tab-conversations', '#/conversations', '[data-test=thread]'],
    ['tab-callbacks', '#/callbacks', '[data-test=callbacks-failed-only]'],
    ['tab-scenario', '#/scenario', '[data-test=scenario-name]'],
    ['tab-messages', '#/messages', '[data-test=message-row]'],
  ]) {
    await page.click(`[data-test=${tab}]`);
    await page.waitForFunction((want) => location.hash === want, hash);
    await page.waitForSelector(visible, { state: 'visible' });
  }

  page.once('dialog', (dialog) => dialog.accept());
  await page.click('[data-test=reset-button]');
  await waitForText(page, '[data-test=messages-total]', '0');
  assert.equal(await page.locator('[data-test=message-row]').count(), 0);
  assert.equal((await sim.api('GET', '/_sim/messages')).total, 0);
  await t.screenshot('reset');
});
