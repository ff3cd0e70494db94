// One message: its facts, status history, DLR attempts, and the text engine's view of it.
import { h, fill, debounce } from '../dom.js';
import { api } from '../api.js';
import { guarded, showError } from '../banner.js';
import { STATUSES, statusChip, setStatusChip, outcomeChip } from '../chips.js';
import { acceptedAt, clockDateTime, clockTime, formatMs, msBetween, plural, prettyPayload } from '../format.js';
import { EVENT } from '../event-types.js';

export function createMessageDetail({ events, onClose }) {
  const el = h('aside', { class: 'pane detail-pane', 'aria-label': 'Message detail' });
  let openId = null;
  let generation = 0; // answers for a message no longer open are dropped
  let live = null; // the parts that events refresh: {chip, history, attempts}

  function placeholder(...text) {
    live = null;
    el.classList.remove('stale');
    fill(el, h('div', { class: 'placeholder' }, ...text));
  }
  const empty = () => placeholder('Select a message to see its history, its DLRs and how it was encoded.', h('br'),
    h('kbd', {}, 'j'), ' ', h('kbd', {}, 'k'), ' to move, ', h('kbd', {}, 'Enter'), ' to open.');
  empty();

  async function load(requestid, { quiet }) {
    const current = generation;
    try {
      const message = await api.message(requestid);
      if (current !== generation) return;
      if (quiet && live) refreshLive(message);
      else render(message);
    } catch (error) {
      if (current !== generation) return;
      if (error.status === 404) placeholder(h('strong', {}, 'No such message'), h('br'), h('span', { class: 'mono' }, requestid), h('br'),
        'It may have been cleared by a reset or a scenario load.');
      else if (quiet) showError(error);
      else {
        placeholder('Could not load ', h('span', { class: 'mono' }, requestid));
        showError(error);
      }
    }
  }

  const refreshSoon = debounce(() => openId && load(openId, { quiet: true }), 120);
  events.on(EVENT.messageStatus, (change) => change.requestid === openId && refreshSoon());
  events.on(EVENT.callbackAttempt, (attempt) => attempt.requestid === openId && refreshSoon());
  for (const type of [EVENT.reset, EVENT.scenarioLoaded, EVENT.resync]) events.on(type, () => openId && refreshSoon());

  function render(message) {
    el.classList.remove('stale');
    const text = message.text ?? fallbackText(message);
    live = { chip: statusChip(message.status), history: h('ol', { class: 'history' }), attempts: h('div', { class: 'attempts' }) };
    refreshLive(message);
    fill(el, h('article', { class: 'detail', test: 'message-detail', dataset: { requestid: message.requestid } },
      h('header', { class: 'detail-head' },
        live.chip,
        h('h2', { class: 'mono detail-id', title: 'request id' }, message.requestid),
        h('button', { type: 'button', class: 'icon', title: 'Close (Esc)', 'aria-label': 'Close', onclick: onClose }, '×')),
      facts(message, text),
      section('Text', h('pre', { class: 'sms-text', test: 'detail-text' }, highlightForced(message.message, text.ucs2Characters ?? []))),
      section('Status history', forceStatusForm(message.requestid), live.history),
      section('Delivery reports', live.attempts),
      section('Encoding', encodingView(text)),
      section('Look-alikes (--smart)', smartView(text))));
  }

  function refreshLive(message) {
    setStatusChip(live.chip, message.status);
    fill(live.history, historyEntries(message.history ?? []));
    fill(live.attempts, attemptList(message.callbacks ?? []));
  }

  function forceStatusForm(requestid) {
    const status = h('select', { test: 'force-status', 'aria-label': 'Status to force' },
      STATUSES.map((name) => h('option', { value: name, selected: name === 'DELIVRD' }, name)));
    const desc = h('input', { type: 'text', placeholder: 'statusDesc (optional)', 'aria-label': 'Status description', autocomplete: 'off' });
    return h('form', {
      class: 'inline-form force',
      onsubmit: async (event) => {
        event.preventDefault();
        const done = await guarded(() => api.forceStatus(requestid, status.value, desc.value.trim()));
        if (done) {
          desc.value = '';
          refreshSoon();
        }
      },
    }, h('span', { class: 'muted' }, 'Force'), status, desc, h('button', { type: 'submit', test: 'force-status-button' }, 'Set status'));
  }

  return {
    el,
    // Resolves once the message (or why it is missing) is shown.
    open(requestid) {
      if (requestid === openId && live) return Promise.resolve();
      openId = requestid;
      generation++;
      // Moving from message to message keeps the last one (dimmed) until the next is in.
      if (live) el.classList.add('stale');
      else placeholder('Loading…');
      return load(requestid, { quiet: false });
    },
    close() {
      if (openId === null) return;
      openId = null;
      generation++;
      empty();
    },
  };
}

function section(title, ...content) {
  return h('section', { class: 'detail-section' }, h('h3', {}, title), ...content);
}

function facts(message, text) {
  const rows = [
    ['Recipient', h('span', { class: 'mono' }, message.recipient)],
    ['Sender', h('span', { class: 'mono' }, message.sender)],
    ['Token', h('span', { class: 'mono' }, message.tokenid)],
    message.bulkid ? ['Bulk', h('span', { class: 'mono' }, message.bulkid, message.key ? ` (key ${message.key})` : '')] : null,
    ['Accepted', clockDateTime(acceptedAt(message))],
    ['Size', `${text.encoding} · ${plural(text.characters ?? message.characters, 'character')} · ${plural(text.segments ?? message.segments, 'segment')}`],
    message.statusDesc ? ['Status', message.statusDesc] : null,
  ];
  return h('dl', { class: 'facts' }, rows.filter(Boolean).map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));
}

// The text with each character that forced UCS-2 marked. Offsets count Unicode code points.
function highlightForced(message, forcing) {
  if (forcing.length === 0) return message;
  const byOffset = new Map(forcing.map((entry) => [entry.charOffset, entry]));
  const out = [];
  let run = '';
  Array.from(message).forEach((character, offset) => {
    const entry = byOffset.get(offset);
    if (!entry) {
      run += character;
      return;
    }
    out.push(run);
    run = '';
    out.push(h('mark', { class: 'ucs2', test: 'ucs2-char', title: `${entry.codePoint} is not in GSM-7: it forces UCS-2` }, character));
  });
  out.push(run);
  return out.filter((part) => part !== '');
}

function historyEntries(history) {
  const start = history[0]?.at;
  return history.map((entry) => h('li', { test: 'history-entry', dataset: { status: entry.status } },
    h('time', { class: 'mono', title: entry.at }, clockDateTime(entry.at)),
    h('span', { class: 'muted elapsed' }, start && entry.at !== start ? `+${formatMs(msBetween(start, entry.at))}` : ''),
    statusChip(entry.status),
    h('span', { class: 'desc' }, entry.desc ?? '')));
}

function attemptList(attempts) {
  if (attempts.length === 0) return h('p', { class: 'muted' }, 'No DLR attempts yet (none is made before a status to report, nor for a token without a DLR url).');
  return h('ol', { class: 'attempt-list' }, attempts.map((attempt) => h('li', { class: `attempt outcome-${attempt.outcome}`, test: 'dlr-attempt', dataset: { outcome: attempt.outcome } },
    h('div', { class: 'attempt-head' },
      outcomeChip(attempt.outcome),
      faultTag(attempt),
      h('span', {}, `attempt ${attempt.attempt}`),
      h('time', { class: 'mono', title: attempt.at }, clockTime(attempt.at)),
      h('span', { class: 'mono' }, attempt.httpStatus ? `HTTP ${attempt.httpStatus}` : attempt.result),
      h('span', { class: 'muted' }, formatMs(attempt.latencyMs))),
    h('div', { class: 'mono url' }, attempt.url),
    retryLine(attempt),
    h('pre', { class: 'payload', title: attempt.contentType }, prettyPayload(attempt.payload)))));
}

// A delivery a scenario's callback fault made (dlr_faults, inbound_faults): which one.
export function faultTag(attempt) {
  if (!attempt.fault) return null;
  return h('span', { class: 'tag fault', test: 'fault-tag', title: `Made by the scenario's ${attempt.fault} fault` }, attempt.fault);
}

export function retryLine(attempt) {
  if (attempt.retryAt) {
    return h('div', { class: 'retry' }, 'Next attempt at ', h('time', { class: 'mono' }, clockTime(attempt.retryAt)),
      ` (${formatMs(msBetween(attempt.at, attempt.retryAt))} later)`);
  }
  if (attempt.outcome === 'failed') return h('div', { class: 'retry failed' }, `Gave up: ${attempt.result}`);
  return null;
}

function unitName(text) {
  return text.unit === 'septet' ? 'septets' : 'UTF-16 units';
}

function encodingView(text) {
  const forcing = text.ucs2Characters ?? [];
  return [
    h('p', { class: 'encoding-line' },
      h('span', { class: `tag encoding ${text.encoding === 'UCS-2' ? 'ucs2' : 'gsm'}`, test: 'encoding' }, text.encoding),
      text.units != null ? ` ${text.units} ${unitName(text)} in ${plural(text.segments, 'segment')} of ${text.unitsPerSegment}; ${text.unitsFree} free` : ''),
    forcing.length ? h('p', {}, 'Forced to UCS-2 by ', forcing.map((entry, i) => [i ? ', ' : '',
      h('code', { class: 'ucs2' }, entry.character), ` ${entry.codePoint}`])) : null,
    h('ol', { class: 'segments' }, (text.parts ?? []).map((part, i) => h('li', { test: 'segment', dataset: { units: part.units } },
      h('div', { class: 'segment-head' }, h('strong', {}, `Segment ${i + 1}`),
        h('span', { class: 'mono' }, `${part.units}/${text.unitsPerSegment} ${unitName(text)}`),
        h('span', { class: 'muted' }, plural(part.characters, 'character'))),
      h('pre', { class: 'sms-text', test: 'segment-text' }, part.text)))),
  ];
}

function smartView(text) {
  const smart = text.smart;
  const replacements = smart?.replacements ?? [];
  if (!smart || replacements.length === 0) return h('p', { class: 'muted' }, 'No look-alike characters: --smart would send this text unchanged.');
  const before = `${text.encoding}, ${plural(text.segments, 'segment')}`;
  const after = `${smart.encoding}, ${plural(smart.segments, 'segment')}`;
  return [
    h('ul', { class: 'replacements' }, replacements.map((r) => h('li', { test: 'replacement' },
      h('code', { class: 'ucs2' }, r.original), h('span', { class: 'muted' }, ` ${r.codePoint} `), '→ ',
      r.replacement === '' ? h('em', {}, 'removed') : h('code', {}, r.replacement),
      h('span', { class: 'muted' }, ` at character ${r.charOffset}`)))),
    h('p', {}, 'With --smart: ', h('strong', {}, after), before === after ? '' : ` instead of ${before}`),
    h('pre', { class: 'sms-text' }, smart.text),
  ];
}

// For a server without the text engine's view: what the list item already says.
function fallbackText(message) {
  return { encoding: message.encoding, characters: message.characters, segments: message.segments, parts: [], ucs2Characters: [] };
}
