// The Conversations tab: a phone-like thread per number pair (the phone, and the service side
// it talks with), and a compose box that answers as the phone (POST /_sim/inbound).
import { h, fill, debounce } from '../dom.js';
import { api } from '../api.js';
import { guarded, showError } from '../banner.js';
import { createCompose } from './compose.js';
import { statusChip, setStatusChip } from '../chips.js';
import { acceptedAt, clockDateTime, shortTime, plural } from '../format.js';
import { link } from '../router.js';
import { EVENT } from '../event-types.js';

const RECENT = 500; // the thread list is built from the latest messages and inbound SMS

// One entry of a thread, outbound (gateway -> phone) or inbound (phone -> gateway).
const fromMessage = (m) => ({ id: m.requestid, phone: m.recipient, other: m.sender, at: acceptedAt(m), text: m.message, direction: 'out', status: m.status });
const fromInbound = (s) => ({ id: s.requestid, phone: s.from, other: s.to, at: s.at, text: s.message, direction: 'in', origin: s.origin });

// Time order; ids at one instant take consecutive ticks, so their digits break ties.
const ticks = (id) => id.slice(id.indexOf('.') + 1);
const byTime = (a, b) => (a.at === b.at ? (ticks(a.id) < ticks(b.id) ? -1 : 1) : a.at < b.at ? -1 : 1);

const pairKey = (phone, other) => `${phone}\u0000${other}`;

export function createConversationsView({ events }) {
  let threads = new Map(); // pairKey -> {phone, other, last}
  let threadsLoaded = false;
  let threadsLoading = null;
  let truncated = false;
  let inboundNumbers = [];
  let route = {};
  let open = null; // {phone, other, bubbles: Map(id -> {entry, chip, el}), order: [{entry, el}] by time, compose}
  let openGeneration = 0;

  const search = h('input', { type: 'search', placeholder: 'Phone or sender', 'aria-label': 'Find a thread', class: 'mono', spellcheck: false,
    oninput: () => renderThreads() });
  const threadList = h('ol', { class: 'rows threads' });
  const listNote = h('div', { class: 'list-foot muted' });
  const threadPane = h('section', { class: 'pane thread-pane', 'aria-label': 'Thread' });
  const el = h('div', { class: 'split' },
    h('div', { class: 'pane list-pane' },
      h('form', { class: 'filters', onsubmit: (event) => event.preventDefault() }, search),
      h('div', { class: 'scroll' }, threadList, listNote)),
    threadPane);

  // --- the thread list
  async function loadThreads() {
    const [messages, inbound] = await Promise.all([
      api.messages({ order: 'desc', limit: RECENT }),
      api.inbound({ order: 'desc', limit: RECENT }),
    ]);
    threads = new Map();
    for (const m of messages.messages) remember(fromMessage(m));
    for (const s of inbound.inbound) remember(fromInbound(s));
    truncated = messages.more || inbound.more;
    threadsLoaded = true;
    renderThreads();
  }

  function remember(entry) {
    const key = pairKey(entry.phone, entry.other);
    const thread = threads.get(key);
    if (!thread) threads.set(key, { phone: entry.phone, other: entry.other, last: entry });
    else if (byTime(thread.last, entry) < 0) thread.last = entry;
  }

  function renderThreads() {
    const newestFirst = [...threads.values()].sort((a, b) => byTime(b.last, a.last));
    // Live traffic adds threads without end: keep the newest, as the first fetch does.
    for (const stale of newestFirst.splice(RECENT)) {
      threads.delete(pairKey(stale.phone, stale.other));
      truncated = true;
    }
    const needle = search.value.trim();
    const shown = newestFirst.filter((t) => !needle || t.phone.includes(needle) || t.other.includes(needle));
    fill(threadList, shown.map(threadRow));
    fill(listNote, shown.length === 0
      ? (needle ? 'No thread matches.' : 'No conversations yet: send an SMS through the gateway, or wait for an inbound one.')
      : truncated ? `Recent threads only: those of the latest ${RECENT} messages and inbound SMS.` : plural(shown.length, 'thread'));
  }

  function threadRow(thread) {
    const current = open && open.phone === thread.phone && (open.other === null || open.other === thread.other);
    return h('li', { test: 'thread', class: current ? 'selected' : '', dataset: { phone: thread.phone, other: thread.other } },
      h('a', { class: 'row thread', href: link.conversation(thread.phone, thread.other), tabIndex: -1 },
        h('span', { class: 'mono party' }, thread.phone),
        h('span', { class: 'party sender' }, '↔ ', thread.other),
        h('time', { class: 'when', title: clockDateTime(thread.last.at) }, shortTime(thread.last.at)),
        h('span', { class: 'mono text' }, thread.last.direction === 'in' ? '↩ ' : '', thread.last.text)));
  }

  const renderThreadsSoon = debounce(renderThreads, 100);

  // --- the open thread
  async function openThread(phone, other) {
    const generation = ++openGeneration;
    open = { phone, other, bubbles: new Map(), order: [] };
    const bubbles = h('div', { class: 'bubbles', role: 'log', 'aria-label': `Conversation with ${phone}` });
    const compose = createCompose({
      phone,
      other,
      numbers: () => inboundNumbers,
      lastSide: () => open?.order.at(-1)?.entry.other ?? null,
      onSent(sms) {
        const entry = fromInbound(sms);
        remember(entry);
        renderThreadsSoon();
        // An answer to another number than this thread's starts (or continues) that thread.
        if (inOpenThread(entry)) addBubble(entry);
        else location.hash = link.conversation(entry.phone, entry.other);
      },
    });
    fill(threadPane, h('header', { class: 'thread-head' },
      h('a', { class: 'icon', href: link.conversations(), title: 'Close (Esc)', 'aria-label': 'Close' }, '×'),
      h('h2', { class: 'mono' }, phone),
      h('span', { class: 'muted' }, other ? ['with ', h('span', { class: 'mono' }, other)] : 'all service numbers')),
    bubbles, compose.el);
    open.bubblesEl = bubbles;
    open.compose = compose;
    try {
      const [messages, inbound] = await Promise.all([
        api.messages({ recipient: phone, sender: other ?? '', order: 'desc', limit: RECENT }),
        api.inbound({ from: phone, to: other ?? '', order: 'desc', limit: RECENT }),
      ]);
      if (generation !== openGeneration) return;
      const entries = [...messages.messages.map(fromMessage), ...inbound.inbound.map(fromInbound)].sort(byTime);
      if (messages.more || inbound.more) bubbles.append(h('p', { class: 'muted center' }, `Only the latest ${RECENT} of each direction.`));
      for (const entry of entries) addBubble(entry, { scroll: false });
      if (entries.length === 0) bubbles.append(h('p', { class: 'muted center empty' }, 'Nothing in this thread yet.'));
      bubbles.scrollTop = bubbles.scrollHeight;
      compose.fillNumbers();
    } catch (error) {
      if (generation === openGeneration) showError(error);
    }
  }

  function inOpenThread(entry) {
    return open && entry.phone === open.phone && (open.other === null || entry.other === open.other);
  }

  function addBubble(entry, { scroll = true } = {}) {
    if (!inOpenThread(entry) || open.bubbles.has(entry.id)) return;
    const box = open.bubblesEl;
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.querySelector('.empty')?.remove();
    const chip = entry.direction === 'out' ? statusChip(entry.status) : null;
    const bubble = h('div', { class: `bubble ${entry.direction}`, test: 'bubble', dataset: { direction: entry.direction, requestid: entry.id } },
      h('div', { class: 'mono bubble-text' }, entry.text),
      h('div', { class: 'bubble-meta' },
        h('time', { title: clockDateTime(entry.at) }, shortTime(entry.at)),
        open.other === null ? h('span', { class: 'mono' }, entry.direction === 'out' ? `from ${entry.other}` : `to ${entry.other}`) : null,
        chip ? h('a', { href: link.message(entry.id), title: 'Open the message' }, chip) : h('span', {}, entry.origin)));
    open.bubbles.set(entry.id, { entry, chip, el: bubble });
    // Keep time order even when an older entry comes late (rare: usually this appends).
    const order = open.order;
    let index = order.length;
    while (index > 0 && byTime(entry, order[index - 1].entry) < 0) index--;
    box.insertBefore(bubble, order[index]?.el ?? null);
    order.splice(index, 0, { entry, el: bubble });
    if (scroll && nearBottom) box.scrollTop = box.scrollHeight;
  }

  // --- live
  // A message either way joins its thread, the thread list and, when that thread is open, the view.
  // False before the threads are loaded: the first load brings it in.
  const arrive = (entry) => {
    if (!threadsLoaded) return false;
    remember(entry);
    renderThreadsSoon();
    addBubble(entry);
    return true;
  };
  events.on(EVENT.messageAccepted, (m) => arrive(fromMessage(m)));
  events.on(EVENT.inbound, (s) => {
    if (arrive(fromInbound(s)) && open && !open.other) open.compose.fillNumbers();
  });
  events.on(EVENT.messageStatus, (change) => {
    const bubble = open?.bubbles.get(change.requestid);
    if (bubble?.chip) setStatusChip(bubble.chip, change.status);
    if (bubble) bubble.entry.status = change.status;
  });
  const refetch = () => {
    if (!threadsLoaded) return;
    guarded(loadThreads);
    if (open) openThread(open.phone, open.other);
  };
  for (const type of [EVENT.reset, EVENT.scenarioLoaded, EVENT.resync]) events.on(type, refetch);
  events.on('open', ({ resumed }) => !resumed && refetch());

  function showThread() {
    if (!route.id) {
      open = null;
      openGeneration++;
      fill(threadPane, h('div', { class: 'placeholder' }, 'Pick a thread to see it as the phone does, and answer as the phone.'));
      renderThreadsSoon();
      return null;
    }
    if (open && open.phone === route.id && open.other === route.other) return null;
    const opening = openThread(route.id, route.other);
    renderThreadsSoon();
    return opening;
  }

  return {
    el,
    show(next) {
      route = next;
      el.classList.toggle('has-detail', Boolean(route.id));
      if (!threadsLoaded && !threadsLoading) threadsLoading = guarded(loadThreads).finally(() => { threadsLoading = null; });
      return Promise.all([threadsLoading, showThread()]);
    },
    // The tokens' inbound numbers (GET /_sim/tokens), for the compose box's "to".
    setTokens(tokens) {
      inboundNumbers = (tokens?.tokens ?? []).flatMap((token) => token.inbound?.numbers ?? []);
      open?.compose.fillNumbers();
    },
    move(delta) {
      const rows = [...threadList.children];
      if (rows.length === 0) return;
      const index = rows.findIndex((row) => row.classList.contains('focused'));
      const next = rows[Math.max(0, Math.min(rows.length - 1, index < 0 ? 0 : index + delta))];
      rows[index]?.classList.remove('focused');
      next.classList.add('focused');
      next.querySelector('a').focus();
      next.scrollIntoView({ block: 'nearest' });
    },
    open() {
      const row = threadList.querySelector('.focused a');
      if (row) location.hash = row.getAttribute('href');
    },
    close() {
      if (!route.id) return false;
      location.hash = link.conversations();
      return true;
    },
    focusFilter: () => search.focus(),
  };
}
