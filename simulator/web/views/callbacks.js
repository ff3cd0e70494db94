// The Callbacks tab: every callback attempt (DLRs and inbound SMS), newest first, so a broken
// receiver shows at a glance (failed rows are red).
import { h, fill, debounce } from '../dom.js';
import { api } from '../api.js';
import { guarded } from '../banner.js';
import { PagedList } from '../paged-list.js';
import { outcomeChip } from '../chips.js';
import { clockDateTime, clockTime, formatMs, prettyPayload, shortTime } from '../format.js';
import { link } from '../router.js';
import { faultTag, retryLine } from './detail.js';
import { EVENT } from '../event-types.js';

function callbackRow(attempt, onPick) {
  return h('li', { test: 'callback-row', class: `outcome-${attempt.outcome}`, dataset: { outcome: attempt.outcome, url: attempt.url, id: attempt.id } },
    h('a', { class: 'row callback', href: '#/callbacks', tabIndex: -1, onclick: (event) => { event.preventDefault(); onPick(attempt); } },
      h('time', { class: 'when', title: clockDateTime(attempt.at) }, shortTime(attempt.at)),
      outcomeChip(attempt.outcome),
      h('span', { class: 'tag' }, attempt.kind),
      faultTag(attempt),
      h('span', { class: 'muted', title: `callback ${attempt.callback}, attempt ${attempt.attempt}` }, `#${attempt.attempt}`),
      h('span', { class: 'mono text' }, attempt.url),
      h('span', { class: 'mono result' }, attempt.result),
      h('span', { class: 'muted latency' }, formatMs(attempt.latencyMs))));
}

export function createCallbacksView({ events, onFailedCount }) {
  const failedOnly = h('input', { type: 'checkbox', test: 'callbacks-failed-only' });
  const urlFilter = h('input', { type: 'search', test: 'callbacks-url-filter', placeholder: 'URL contains…', 'aria-label': 'URL contains', class: 'mono', spellcheck: false });
  let active = { failed: '', url: '' };

  const total = h('span', {}, '0');
  const pending = h('span', { class: 'muted' });
  const detailPane = h('aside', { class: 'pane detail-pane', 'aria-label': 'Callback attempt' });
  const el = h('div', { class: 'split' });

  const list = new PagedList({
    noun: 'attempt',
    fetchPage: async (query) => {
      const page = await api.callbacks({ ...active, ...query });
      fill(pending, page.pending ? ` · ${page.pending} pending` : '');
      return { items: page.callbacks, total: page.total, more: page.more };
    },
    idOf: (attempt) => attempt.id,
    renderRow: (attempt) => callbackRow(attempt, pick),
    matches: (attempt) => (!active.failed || attempt.outcome !== 'delivered') && attempt.url.includes(active.url),
    onChange: () => { total.textContent = String(list.total); },
  });

  function pick(attempt) {
    list.select(attempt.id, { focus: true });
    el.classList.add('has-detail');
    fill(detailPane, h('article', { class: 'detail' },
      h('header', { class: 'detail-head' }, outcomeChip(attempt.outcome),
        h('h2', {}, `${attempt.kind === 'dlr' ? 'DLR' : 'Inbound SMS'} callback ${attempt.callback}, attempt ${attempt.attempt}`),
        h('button', { type: 'button', class: 'icon', title: 'Close (Esc)', 'aria-label': 'Close', onclick: closeDetail }, '×')),
      h('dl', { class: 'facts' },
        h('dt', {}, 'URL'), h('dd', { class: 'mono' }, attempt.url),
        h('dt', {}, 'At'), h('dd', { class: 'mono' }, clockDateTime(attempt.at)),
        h('dt', {}, 'Result'), h('dd', {}, attempt.httpStatus ? `HTTP ${attempt.httpStatus}, ` : '', attempt.result, ` in ${formatMs(attempt.latencyMs)}`),
        attempt.fault ? [h('dt', {}, 'Fault'), h('dd', {}, faultTag(attempt), ' a delivery the scenario’s fault made')] : null,
        h('dt', {}, 'Next'), h('dd', {}, attempt.retryAt ? `attempt at ${clockTime(attempt.retryAt)}` : attempt.outcome === 'failed' ? 'none: given up' : 'none'),
        h('dt', {}, 'About'), h('dd', {}, attempt.kind === 'dlr'
          ? h('a', { class: 'mono', href: link.message(attempt.requestid) }, attempt.requestid)
          : h('span', { class: 'mono' }, attempt.requestid))),
      retryLine(attempt),
      h('section', { class: 'detail-section' }, h('h3', {}, `Payload (${attempt.contentType})`),
        h('pre', { class: 'payload' }, prettyPayload(attempt.payload)))));
  }

  function closeDetail() {
    el.classList.remove('has-detail');
    fill(detailPane, h('div', { class: 'placeholder' }, 'Select an attempt to see its payload.'));
    list.byId.get(list.selectedId)?.el.querySelector('a').focus();
  }
  closeDetail();

  const apply = () => {
    active = { failed: failedOnly.checked ? 'true' : '', url: urlFilter.value.trim() };
    guarded(() => list.reload());
  };
  failedOnly.addEventListener('change', apply);
  urlFilter.addEventListener('input', debounce(apply, 250));

  el.append(
    h('div', { class: 'pane list-pane' },
      h('form', { class: 'filters', onsubmit: (event) => event.preventDefault() },
        h('label', { class: 'check' }, failedOnly, ' Failed only'), urlFilter),
      h('div', { class: 'list-meta' }, h('span', {}, total, ' attempts'), pending),
      list.el),
    detailPane);

  // The tab's badge: attempts that did not deliver, counted whether or not the tab was opened.
  let failedCount = 0;
  const countFailed = async () => {
    const page = await api.callbacks({ failed: 'true', limit: 1 });
    failedCount = page.total;
    onFailedCount(failedCount);
  };

  events.on(EVENT.callbackAttempt, (attempt) => {
    list.add(attempt);
    if (attempt.outcome !== 'delivered') onFailedCount(++failedCount);
  });
  const refetch = () => {
    guarded(countFailed);
    if (list.loaded) guarded(() => list.reload());
  };
  for (const type of [EVENT.reset, EVENT.scenarioLoaded, EVENT.resync]) events.on(type, refetch);
  events.on('open', ({ resumed }) => {
    if (resumed) return;
    guarded(countFailed);
    guarded(() => list.catchUp());
  });

  return {
    el,
    show() {
      return list.loaded || list.loading ? null : guarded(() => list.reload());
    },
    move: (delta) => list.move(delta),
    open() {
      const attempt = list.selectedItem();
      if (attempt) pick(attempt);
    },
    close() {
      if (!el.classList.contains('has-detail')) return false;
      closeDetail();
      return true;
    },
    focusFilter: () => urlFilter.focus(),
  };
}
