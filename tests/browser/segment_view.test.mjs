// The detail's segment view: how the text engine encodes and splits a text. The expected units
// are the GSM 03.38 / 3GPP 23.040 rules (the same as `connectel segments`): a concatenated
// GSM-7 part holds 153 septets and an escape pair is never split; a UCS-2 part holds 67 UTF-16
// units and a surrogate pair is never split.
import assert from 'node:assert/strict';
import { test, waitForCount, waitForText } from './harness.mjs';

async function openDetail(sim, page, message) {
  const sent = await sim.send({ authorization: 'browser-token', sender: 'Acme', recipient: '46700000001', message });
  await page.evaluate((hash) => { location.hash = hash; }, `#/messages/${encodeURIComponent(sent.requestid)}`);
  await page.waitForSelector(`[data-test=message-detail]`);
  await waitForText(page, '[data-test=detail-text]', message);
  return sent.requestid;
}

const segments = (page) => page.$$eval('[data-test=segment]', (list) => list.map((segment) => ({
  units: Number(segment.dataset.units),
  text: segment.querySelector('[data-test=segment-text]')?.textContent,
})));

test('the segment view of a GSM-7 text with € counts the escape as 2 septets', async (t) => {
  const sim = await t.simulator({ scenario: { name: 'segments-euro' } });
  const page = await t.page(sim, '#/messages');

  // One part: "Price: 10€" is 9 + 2 = 11 septets.
  await openDetail(sim, page, 'Price: 10€');
  await waitForText(page, '[data-test=encoding]', 'GSM-7');
  await waitForCount(page, '[data-test=segment]', 1);
  assert.deepEqual(await segments(page), [{ units: 11, text: 'Price: 10€' }]);
  assert.equal(await page.locator('[data-test=ucs2-char]').count(), 0, 'nothing forces UCS-2');

  // Two parts: 152 a's, then € (2 septets) does not fit in the 153 of part 1, nor is it split.
  const long = `${'a'.repeat(152)}€${'b'.repeat(10)}`;
  await openDetail(sim, page, long);
  await waitForText(page, '[data-test=encoding]', 'GSM-7');
  await waitForCount(page, '[data-test=segment]', 2);
  assert.deepEqual(await segments(page), [
    { units: 152, text: 'a'.repeat(152) },
    { units: 12, text: `€${'b'.repeat(10)}` },
  ]);
  assert.equal(await page.locator('[data-test=ucs2-char]').count(), 0);
  await t.screenshot('segments-euro');
});

test('the segment view of an emoji text is UCS-2 and marks the emoji', async (t) => {
  const sim = await t.simulator({ scenario: { name: 'segments-emoji' } });
  const page = await t.page(sim, '#/messages');

  // One part: "Hi 😀 there" is 3 + 2 (a surrogate pair) + 6 = 11 UTF-16 units.
  await openDetail(sim, page, 'Hi 😀 there');
  await waitForText(page, '[data-test=encoding]', 'UCS-2');
  await waitForCount(page, '[data-test=segment]', 1);
  assert.deepEqual(await segments(page), [{ units: 11, text: 'Hi 😀 there' }]);
  assert.deepEqual(await page.$$eval('[data-test=detail-text] [data-test=ucs2-char]', (marks) => marks.map((m) => m.textContent)),
    ['😀'], 'the emoji, and only it, is marked as what forced UCS-2');

  // Two parts: 66 x's, then the emoji's surrogate pair does not fit in the 67 of part 1.
  const long = `${'x'.repeat(66)}😀${'y'.repeat(10)}`;
  await openDetail(sim, page, long);
  await waitForText(page, '[data-test=encoding]', 'UCS-2');
  await waitForCount(page, '[data-test=segment]', 2);
  assert.deepEqual(await segments(page), [
    { units: 66, text: 'x'.repeat(66) },
    { units: 12, text: `😀${'y'.repeat(10)}` },
  ]);
  assert.deepEqual(await page.$$eval('[data-test=detail-text] [data-test=ucs2-char]', (marks) => marks.map((m) => m.textContent)), ['😀']);
  await t.screenshot('segments-emoji');

  // Curly quotes force UCS-2 too, and --smart would replace them with GSM-7 look-alikes.
  await openDetail(sim, page, 'Say “hi”');
  await waitForText(page, '[data-test=encoding]', 'UCS-2');
  assert.deepEqual(await page.$$eval('[data-test=detail-text] [data-test=ucs2-char]', (marks) => marks.map((m) => m.textContent)), ['“', '”']);
  await waitForCount(page, '[data-test=replacement]', 2);
  assert.deepEqual(await segments(page), [{ units: 8, text: 'Say “hi”' }]);
  await t.screenshot('segments-lookalikes');
});
