// A thread's compose box: writes as the phone (POST /_sim/inbound) to a number a token owns.
import { h, fill, debounce } from '../dom.js';
import { api } from '../api.js';
import { plural } from '../format.js';

// numbers(): the scenario's inbound numbers; lastSide(): who the phone talked with last (for a
// thread over every service number); onSent(sms): the inbound SMS the simulator accepted.
export function createCompose({ phone, other, numbers, lastSide, onSent }) {
  const to = h('select', { test: 'compose-to', 'aria-label': 'To (a token inbound number)', class: 'mono' });
  const input = h('textarea', { test: 'compose-input', rows: 2, class: 'mono', 'aria-label': 'Message',
    placeholder: `Write as ${phone}… (Enter sends, Shift+Enter for a new line)` });
  const send = h('button', { type: 'submit', test: 'compose-send' }, 'Send');
  const counter = h('span', { class: 'muted counter' });
  const errorBox = h('div');

  // The thread's own side when a token owns it; else the scenario's numbers. A side no token
  // owns stays pickable, so that the simulator's answer (unknown_number) can be seen.
  function fillNumbers() {
    const owned = numbers();
    const side = other ?? lastSide();
    const options = side && !owned.includes(side) ? [...owned, side] : owned;
    const current = to.value;
    fill(to, options.map((number) => h('option', { value: number },
      owned.includes(number) ? number : `${number} (not an inbound number)`)));
    to.value = options.includes(current) ? current : owned.includes(side) ? side : options[0] ?? '';
  }

  function showError(error) {
    fill(errorBox, error && h('div', { class: 'compose-error', role: 'alert', test: 'compose-error' },
      error.code ? h('code', {}, error.code) : null, ' ', error.message));
  }

  // How the text would be sent, as the phone types (the text engine's view).
  const preview = debounce(async () => {
    if (!input.value) return fill(counter);
    try {
      const text = await api.preview(input.value);
      fill(counter, `${text.encoding} · ${text.units}/${text.unitsPerSegment * text.segments} · ${plural(text.segments, 'segment')}`);
    } catch {
      fill(counter); // only a hint: sending shows the real errors
    }
  }, 200);

  async function submit(event) {
    event.preventDefault();
    if (!input.value) return input.focus();
    send.disabled = true;
    try {
      const sms = await api.sendInbound(phone, to.value, input.value);
      showError(null);
      input.value = '';
      fill(counter);
      onSent(sms);
    } catch (error) {
      showError(error);
    } finally {
      send.disabled = false;
    }
  }

  input.addEventListener('input', () => {
    showError(null);
    preview();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
  });
  fillNumbers();

  return {
    el: h('form', { class: 'compose', onsubmit: submit },
      h('div', { class: 'compose-row' }, h('label', { class: 'muted' }, 'to ', to), counter),
      h('div', { class: 'compose-row' }, input, send),
      errorBox),
    fillNumbers,
  };
}
