// The Tokens tab: where each token's callbacks go, changed at run time as in the vendor's
// portal. A token set up on the page gets its DLR at a real receiver; a bad URL is refused with
// the problem shown, and nothing changes.
import assert from 'node:assert/strict';
import { test, waitForText } from './harness.mjs';

test('the Tokens tab sets a token up, points its DLRs at a receiver, and shows problems', async (t) => {
  const receiver = await t.receiver();
  const sim = await t.simulator({ scenario: { name: 'tokens-view' } });  // any token
  const page = await t.page(sim, '#/tokens');
  await page.waitForSelector('[data-test=token-card][data-id=default]');

  // A token before its first send.
  await page.fill('[data-test=token-new]', 'alice');
  await page.click('[data-test=token-new-add]');
  // The click only starts the page's call: its card shows once the token is set up.
  await page.waitForSelector('[data-test=token-card]:not([data-id=default])');
  const tokens = await sim.api('GET', '/_sim/tokens');
  const alice = tokens.tokens.find((token) => !token.default);
  assert.ok(alice, 'alice is set up');
  const card = `[data-test=token-card][data-id="${alice.id}"]`;
  await page.waitForSelector(card);

  // A URL that can never be posted to is refused, with its problem.
  await page.fill(`${card} [data-test=token-dlr-url]`, 'https://example.com/dlr');
  await page.click(`${card} [data-test=token-save]`);
  await waitForText(page, `${card} [data-test=token-problems]`, /^body:1:\d+: connectel-sim calls receivers over http:\/\/ only/);
  await waitForText(page, `${card} [data-test=token-dlr]`, 'none: no callback is posted');

  await page.fill(`${card} [data-test=token-dlr-url]`, receiver.url('/alice'));
  await page.click(`${card} [data-test=token-save]`);
  await waitForText(page, `${card} [data-test=token-dlr]`, `${receiver.url('/alice')} as json, set here (or by a control call)`);

  const sent = await sim.send({ authorization: 'alice', sender: 'IKEA', recipient: '46700000001', message: 'Hi' });
  await sim.advance('1s');
  const dlr = await receiver.waitFor((got) => got.path === '/alice', 'alice\'s DLR');
  assert.equal(dlr.fields.requestid, sent.requestid);

  await t.screenshot('tokens-view');

  // Show only this token: the Messages tab with its filter in the URL.
  await page.click(`${card} [data-test=token-show-only]`);
  await page.waitForFunction((id) => location.hash === `#/messages?tokenid=${id}`, alice.id);
  await waitForText(page, '[data-test=messages-total]', '1');
});
