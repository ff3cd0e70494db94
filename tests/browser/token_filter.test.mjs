// The page's token filter: opened with ?tokenid= in its URL it lists that token's traffic only,
// live as well; the tabs keep the filter in the URL, and Reset clears that token alone.
import assert from 'node:assert/strict';
import { test, waitForText } from './harness.mjs';

test('a token filter in the URL shows one token, keeps to every tab, and resets only it', async (t) => {
  const sim = await t.simulator({ scenario: {
    name: 'token-filter',
    tokens: [{ token: 'secret-a', id: 'tok-a' }, { token: 'secret-b', id: 'tok-b' }],
  } });
  const send = (token, recipient) => sim.send({ authorization: token, sender: 'IKEA', recipient, message: `to ${recipient}` });
  const a1 = await send('secret-a', '46700000001');
  await send('secret-b', '46700000002');

  const page = await t.page(sim, '#/messages?tokenid=tok-a');
  await waitForText(page, '[data-test=messages-total]', '1');
  assert.equal(await page.getAttribute('[data-test=message-row]', 'data-requestid'), a1.requestid);
  assert.equal(await page.locator('[data-test=token-filter]').inputValue(), 'tok-a');

  // Live: tok-a's next message comes in, tok-b's does not.
  await send('secret-b', '46700000003');
  const a2 = await send('secret-a', '46700000004');
  await page.waitForSelector(`[data-test=message-row][data-requestid="${a2.requestid}"]`);
  await waitForText(page, '[data-test=messages-total]', '2');

  // Every tab keeps the filter.
  await page.click('[data-test=tab-callbacks]');
  await page.waitForFunction(() => location.hash === '#/callbacks?tokenid=tok-a');
  await page.click('[data-test=tab-messages]');
  await page.waitForFunction(() => location.hash === '#/messages?tokenid=tok-a');

  // Reset clears tok-a's messages only.
  await waitForText(page, '[data-test=reset-button]', 'Reset tok-a');
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('[data-test=reset-button]');
  await waitForText(page, '[data-test=messages-total]', '0');
  const left = await sim.api('GET', '/_sim/messages');
  assert.equal(left.total, 2);
  assert.ok(left.messages.every((message) => message.tokenid === 'tok-b'));

  // Clearing the filter shows every token again, in the URL too.
  await page.fill('[data-test=token-filter]', '');
  await page.press('[data-test=token-filter]', 'Enter');
  await page.waitForFunction(() => location.hash === '#/messages');
  await waitForText(page, '[data-test=messages-total]', '2');
  await t.screenshot('token-filter');
});
