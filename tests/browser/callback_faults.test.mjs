// The Callbacks tab marks the deliveries a scenario's callback fault made: a duplicated DLR
// shows twice, the extra one tagged "duplicate".
import assert from 'node:assert/strict';
import { test, waitForCount, waitForText } from './harness.mjs';

test('a duplicated DLR shows twice in the callback log, the extra one tagged with its fault', async (t) => {
  const receiver = await t.receiver();
  const sim = await t.simulator({ scenario: {
    name: 'callback-faults',
    tokens: [{ token: 'browser-token', dlr: { url: receiver.url('/dlr') } }],
    rules: [{ match: {}, dlr_faults: { duplicate: 1 } }],
  } });
  const sent = await sim.send({ authorization: 'browser-token', sender: 'IKEA', recipient: '46700000001', message: 'Hi' });
  await sim.advance('1s');
  const page = await t.page(sim, '#/callbacks');
  await waitForCount(page, '[data-test=callback-row]', 2, 'the DLR and its duplicate');
  await waitForCount(page, '[data-test=callback-row] [data-test=fault-tag]', 1, 'one fault tag');
  await waitForText(page, '[data-test=callback-row] [data-test=fault-tag]', 'duplicate');
  const bodies = receiver.received.filter((got) => got.path === '/dlr').map((got) => got.fields.requestid);
  assert.deepEqual(bodies, [sent.requestid, sent.requestid]);
  await t.screenshot('callback-faults');
});
