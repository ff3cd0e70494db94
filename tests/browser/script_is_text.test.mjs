// A message text is data: markup in it is shown as the literal text and never runs.
import assert from 'node:assert/strict';
import { test, waitForText } from './harness.mjs';

const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>';

// No element was made from the text: the element holds one text node equal to the literal.
async function assertPlainText(page, selector) {
  const seen = await page.$eval(selector, (el) => ({
    text: el.textContent,
    elements: el.querySelectorAll('*').length,
  }));
  assert.equal(seen.text, HOSTILE, `${selector} shows the literal text`);
  assert.equal(seen.elements, 0, `${selector} has no element made from the text`);
}

test('a message text with <script> is shown as text and runs nothing', async (t) => {
  const sim = await t.simulator({ scenario: { name: 'script-is-text' } });
  const page = await t.page(sim, '#/messages');
  const sent = await sim.send({ authorization: 'browser-token', sender: 'Acme', recipient: '46700000001', message: HOSTILE });

  const row = `[data-test=message-row][data-requestid="${sent.requestid}"]`;
  await page.waitForSelector(row);
  await waitForText(page, `${row} [data-test=message-text]`, HOSTILE);
  await assertPlainText(page, `${row} [data-test=message-text]`);

  await page.click(`${row} a`);
  await waitForText(page, '[data-test=detail-text]', HOSTILE);
  await assertPlainText(page, '[data-test=detail-text]');

  // The conversation thread shows it too.
  await page.evaluate(() => { location.hash = '#/conversations/46700000001'; });
  await page.waitForSelector(`[data-test=bubble][data-requestid="${sent.requestid}"]`);
  assert.ok((await page.textContent(`[data-test=bubble][data-requestid="${sent.requestid}"]`)).includes(HOSTILE));

  // After a full load (the text comes from the list API instead of the event stream): the same.
  await page.evaluate(() => { location.hash = '#/messages'; });
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  await waitForText(page, `${row} [data-test=message-text]`, HOSTILE);
  await assertPlainText(page, `${row} [data-test=message-text]`);

  assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined', 'a script of the message ran');
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"], main script, b').length), 0,
    'no element of the message text is in the document');
  await t.screenshot('script-is-text');
});
