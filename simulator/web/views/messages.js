// The Messages tab: exact-match filters, the newest-first list, and the open message.
import { h, debounce } from '../dom.js';
import { api } from '../api.js';
import { guarded } from '../banner.js';
import { PagedList } from '../paged-list.js';
import { STATUSES, statusChip, setStatusChip } from '../chips.js';
import { acceptedAt, clockDateTime, shortTime } from '../format.js';
import { link } from '../router.js';
import { createMessageDetail } from './detail.js';
import { EVENT } from '../event-types.js';

const TEXT_FILTERS = [
  ['recipient', 'Recipient'],
  ['sender', 'Sender'],
  ['bulkid', 'Bulk id'],
];

function messageRow(message) {
  const at = acceptedAt(message);
  return h('li', { test: 'message-row', dataset: { requestid: message.requestid, status: message.status } },
    h('a', { class: 'row message', href: link.message(message.requestid), tabIndex: -1 },
      h('time', { class: 'when', title: clockDateTime(at) }, shortTime(at)),
      statusChip(message.status),
      h('span', { class: 'mono party', title: 'recipient' }, message.recipient),
      h('span', { class: 'party sender', title: 'sender' }, message.sender),
      h('span', { class: 'mono text', test: 'message-text' }, message.message),
      h('span', { class: 'row-meta' },
        message.segments > 1 ? h('span', { title: `${message.segments} segments` }, `${message.segments} seg`) : null,
        message.encoding === 'UCS-2' ? h('span', { class: 'tag' }, 'UCS-2') : null,
        message.bulkid ? h('span', { class: 'tag', title: `bulk ${message.bulkid}` }, 'bulk') : null)));
}

export function createMessagesView({ events }) {
  const inputs = {};
  for (const [name, label] of TEXT_FILTERS) {
    inputs[name] = h('input', { type: 'search', test: `filter-${name}`, placeholder: label, 'aria-label': `${label} (exact)`,
      spellcheck: false, autocomplete: 'off', class: name === 'recipient' || name === 'bulkid' ? 'mono' : '' });
  }
  inputs.status = h('select', { test: 'filter-status', 'aria-label': 'Status' },
    h('option', { value: '' }, 'Any status'), STATUSES.map((status) => h('option', { value: status }, status)));

  // The filters of the rows shown; the inputs may be ahead of them while the user types.
  let active = {};
  const readFilters = () => Object.fromEntries(Object.entries(inputs).map(([name, el]) => [name, el.value.trim()]));
  const filtering = () => Object.values(active).some(Boolean);

  const total = h('span', { test: 'messages-total' }, '0');
  const totalLabel = h('span', {}, ' messages');
  const clearButton = h('button', { type: 'button', class: 'link', hidden: true, onclick: clearFilters }, 'clear filters');

  const list = new PagedList({
    noun: 'message',
    fetchPage: async (query) => {
      const page = await api.messages({ ...active, ...query });
      return { items: page.messages, total: page.total, more: page.more };
    },
    idOf: (message) => message.requestid,
    renderRow: messageRow,
    matches: (message) => Object.entries(active).every(([name, value]) => !value || message[name] === value),
    onChange: () => {
      total.textContent = String(list.total);
      totalLabel.textContent = list.total === 1 ? (filtering() ? ' message matches' : ' message') : (filtering() ? ' messages match' : ' messages');
      clearButton.hidden = !filtering();
    },
  });

  const applyFilters = () => {
    const next = readFilters();
    if (JSON.stringify(next) === JSON.stringify(active)) return;
    active = next;
    guarded(() => list.reload());
  };
  const applySoon = debounce(applyFilters, 250);
  for (const el of Object.values(inputs)) {
    el.addEventListener(el.tagName === 'SELECT' ? 'change' : 'input', el.tagName === 'SELECT' ? applyFilters : applySoon);
    el.addEventListener('keydown', (event) => event.key === 'Enter' && applyFilters());
  }
  function clearFilters() {
    for (const el of Object.values(inputs)) el.value = '';
    applyFilters();
  }

  const detail = createMessageDetail({ events, onClose: () => { location.hash = link.messages(); } });
  const filterBar = h('form', { class: 'filters', onsubmit: (event) => event.preventDefault() },
    inputs.recipient, inputs.sender, inputs.status, inputs.bulkid);
  const el = h('div', { class: 'split' },
    h('div', { class: 'pane list-pane' },
      filterBar,
      h('div', { class: 'list-meta' }, h('span', {}, total, totalLabel), clearButton),
      list.el),
    detail.el);

  // With a status filter, a status change can move a message in or out of the list.
  const statusMembershipChanged = debounce(async () => {
    if (!active.status || !list.loaded) return;
    if (list.atTop && list.rows.length <= list.pageSize) return guarded(() => list.reload());
    const page = await guarded(() => api.messages({ ...active, limit: 1 }));
    if (page) list.total = page.total;
    list.changed();
  }, 400);

  events.on(EVENT.messageAccepted, (message) => list.add(message));
  events.on(EVENT.messageStatus, (change) => {
    list.update(change.requestid, (message, row) => {
      message.status = change.status;
      message.statusInt = change.statusInt;
      message.statusDesc = change.statusDesc;
      row.dataset.status = change.status;
      setStatusChip(row.querySelector('[data-test=status-chip]'), change.status);
    });
    statusMembershipChanged();
  });
  const refetch = () => list.loaded && guarded(() => list.reload());
  for (const type of [EVENT.reset, EVENT.scenarioLoaded, EVENT.resync]) events.on(type, refetch);
  events.on('open', ({ resumed }) => !resumed && guarded(() => list.catchUp()));

  let route = {};
  return {
    el,
    show(next) {
      route = next;
      const rendering = [];
      if (!list.loaded && !list.loading) rendering.push(guarded(() => list.reload()));
      el.classList.toggle('has-detail', Boolean(route.id));
      if (route.id) {
        list.select(route.id);
        rendering.push(detail.open(route.id));
      } else {
        detail.close();
      }
      return Promise.all(rendering);
    },
    // With a message open, moving opens the next one, as in a mail reader.
    move(delta) {
      const message = list.move(delta);
      if (message && route.id && message.requestid !== route.id) location.hash = link.message(message.requestid);
    },
    open() {
      const message = list.selectedItem();
      if (message) location.hash = link.message(message.requestid);
    },
    close() {
      if (!route.id) return false;
      location.hash = link.messages();
      list.select(route.id, { focus: true });
      return true;
    },
    focusFilter: () => inputs.recipient.focus(),
  };
}
