// An answer typed in a conversation is an inbound SMS: it reaches the token's inbound URL, a
// real receiver on 127.0.0.1, as the form fields the scenario asks for.
import assert from 'node:assert/strict';
import { test, waitForText } from './harness.mjs';

const SHOP = '46700000100';
const CUSTOMER = '46702222222';

test('an answer typed in a conversation reaches the inbound receiver', async (t) => {
  const receiver = await t.receiver();
  const sim = await t.simulator({
    scenario: {
      name: 'conversation-reply',
      tokens: [{
        token: 'shop-token', id: 'shop',
        dlr: { url: receiver.url('/dlr'), format: 'json' },
        inbound: { url: receiver.url('/sms'), format: 'form', numbers: [SHOP] },
      }],
    },
  });
  const sent = await sim.send({ authorization: 'shop-token', sender: SHOP, recipient: CUSTOMER, message: 'Your order has shipped' });

  const page = await t.page(sim, '#/conversations');
  const thread = `[data-test=thread][data-phone="${CUSTOMER}"]`;
  await page.waitForSelector(thread);
  await page.click(`${thread} a`);
  await page.waitForSelector(`[data-test=bubble][data-direction=out][data-requestid="${sent.requestid}"]`);
  await page.waitForFunction((shop) => {
    const select = document.querySelector('[data-test=compose-to]');
    return select && [...select.options].some((o) => o.value === shop);
  }, SHOP);
  await page.selectOption('[data-test=compose-to]', SHOP);

  const answer = 'Tack! När kommer den? 😀 & more=yes';
  await page.fill('[data-test=compose-input]', answer);
  await page.click('[data-test=compose-send]');

  const got = await receiver.waitFor((r) => r.path === '/sms', 'the inbound SMS');
  assert.equal(got.method, 'POST');
  assert.match(got.contentType, /^application\/x-www-form-urlencoded/);
  assert.equal(got.fields.from, CUSTOMER);
  assert.equal(got.fields.to, SHOP);
  assert.equal(got.fields.message, answer);
  assert.match(got.fields.requestid ?? '', /\S/, 'the inbound SMS has a requestid');

  // The answer shows in the thread as an inbound bubble; the compose box is empty again (once the
  // POST is answered, which may come after the event stream brought the bubble).
  const bubble = `[data-test=bubble][data-direction=in][data-requestid="${got.fields.requestid}"]`;
  await page.waitForSelector(bubble);
  assert.ok((await page.textContent(bubble)).includes(answer));
  await page.waitForFunction(() => document.querySelector('[data-test=compose-input]').value === '');
  assert.equal(await page.inputValue('[data-test=compose-input]'), '');
  assert.equal(await page.locator('[data-test=compose-error]').count(), 0);
  const inbound = await sim.api('GET', '/_sim/inbound');
  assert.equal(inbound.inbound.length, 1);
  assert.equal(inbound.inbound[0].origin, 'control');
  await t.screenshot('conversation-reply');
});

test('an answer to a number no token owns shows the API error in the compose box', async (t) => {
  const sim = await t.simulator({
    scenario: { name: 'conversation-no-number', tokens: [{ token: 'shop-token', id: 'shop' }] },
  });
  await sim.send({ authorization: 'shop-token', sender: '46700000999', recipient: CUSTOMER, message: 'Hello from a number nobody owns' });
  const page = await t.page(sim, `#/conversations/${CUSTOMER}`);
  await page.waitForSelector('[data-test=bubble][data-direction=out]');
  await page.fill('[data-test=compose-input]', 'Who is this?');
  await page.click('[data-test=compose-send]');
  await waitForText(page, '[data-test=compose-error]', /unknown_number/);
  assert.equal(await page.locator('[data-test=bubble][data-direction=in]').count(), 0);
  await t.screenshot('conversation-unknown-number');
});
