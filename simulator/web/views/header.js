// The header: the loaded scenario's name, the token filter, the simulator's clock (and
// advancing it), reset, and the state of the live connection. Its elements are in index.html;
// this binds them.
import { api } from '../api.js';
import { guarded } from '../banner.js';
import { fill, h } from '../dom.js';
import { clockDateTime, plural } from '../format.js';
import { EVENT } from '../event-types.js';
import { currentTokenId, routeWithTokenId } from '../token-filter.js';

const $ = (test) => document.querySelector(`[data-test="${test}"]`);

export function createHeader({ events }) {
  const now = $('clock-now');
  const kind = document.getElementById('clock-kind');
  const pending = document.getElementById('clock-pending');
  const scenarioName = document.getElementById('scenario-pill');
  const connection = $('connection');
  const input = $('advance-input');
  const tokenInput = $('token-filter');
  const tokenIds = document.getElementById('token-ids');
  const resetButton = $('reset-button');
  let clock = null;
  let receivedAt = 0;
  let ticking = null;

  // A real or scaled clock moves between events: the header extrapolates it locally.
  function showNow() {
    if (!clock) return;
    const elapsed = clock.clock === 'virtual' ? 0 : (performance.now() - receivedAt) * (clock.speed || 1);
    const iso = new Date(Date.parse(clock.now) + elapsed).toISOString();
    now.textContent = clockDateTime(iso);
    now.dateTime = iso;
  }

  function setClock(next) {
    clock = next;
    receivedAt = performance.now();
    kind.textContent = next.clock === 'scaled' ? `scaled ×${next.speed}` : next.clock;
    kind.dataset.kind = next.clock;
    pending.textContent = next.pending ? plural(next.pending, 'event') + ' pending' : '';
    pending.title = 'Timed events waiting on the clock';
    showNow();
    clearInterval(ticking);
    if (next.clock !== 'virtual') ticking = setInterval(showNow, 250);
    document.body.dataset.clock = next.clock;
  }

  async function advance(by) {
    const answer = await guarded(() => api.advance(by));
    if (answer) setClock(answer);
    return answer;
  }

  for (const by of ['1s', '1m', '1h']) $(`advance-${by}`).addEventListener('click', () => advance(by));
  document.getElementById('advance-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const by = input.value.trim();
    if (!by) return input.focus();
    if (await advance(by)) input.select();
  });
  resetButton.addEventListener('click', () => {
    const tokenid = currentTokenId();
    const question = tokenid
      ? `Reset token ${tokenid}? Its messages, inbound SMS, callbacks and journal entries are cleared; other tokens' stay.`
      : 'Reset the simulator? Every message, inbound SMS, callback and journal entry is cleared.';
    if (confirm(question)) guarded(api.reset);
  });

  // The filter goes into the URL; the route change (app.js) applies it.
  const applyTokenFilter = () => {
    const next = routeWithTokenId(tokenInput.value);
    if (next !== location.hash) location.hash = next;
  };
  document.getElementById('token-filter-form').addEventListener('submit', (event) => {
    event.preventDefault();
    applyTokenFilter();
  });
  tokenInput.addEventListener('change', applyTokenFilter);
  tokenInput.addEventListener('search', applyTokenFilter);  // the field's clear button

  const fetchClock = async () => setClock(await api.clock());
  events.on(EVENT.clock, setClock);
  for (const type of [EVENT.reset, EVENT.scenarioLoaded, EVENT.resync, 'open']) {
    events.on(type, () => guarded(fetchClock));
  }

  return {
    fetchClock,
    advance,
    focusAdvance: () => input.focus(),
    // Shows the route's token filter, and what the reset button then clears.
    showTokenFilter(tokenid) {
      if (document.activeElement !== tokenInput || !tokenid) tokenInput.value = tokenid;
      document.body.dataset.tokenFilter = tokenid;
      resetButton.textContent = tokenid ? `Reset ${tokenid}` : 'Reset';
      resetButton.title = tokenid
        ? `Clear token ${tokenid}'s messages, inbound SMS, callbacks and journal entries`
        : 'Clear every message, inbound SMS, callback and journal entry';
    },
    setScenario(scenario, tokens) {
      fill(tokenIds, (tokens?.tokens ?? []).map((token) => h('option', { value: token.id })));
      scenarioName.textContent = scenario.name || '(unnamed)';
      scenarioName.title = `Scenario: ${scenario.description || scenario.name}`;
    },
    setConnection(state) {
      connection.dataset.state = state === 'live' ? 'live' : 'connecting';
      connection.textContent = state === 'live' ? 'live' : connection.dataset.seen ? 'reconnecting…' : 'connecting…';
      if (state === 'live') connection.dataset.seen = 'true';
      connection.title = state === 'live' ? 'Receiving live events' : 'The event stream is down; the browser reconnects by itself';
    },
  };
}
