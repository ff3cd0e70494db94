// The Tokens tab: where each token's callbacks go (GET /_sim/tokens), and changing that at run
// time (PUT /_sim/tokens/...), as the vendor's portal does. The `default` entry's settings (the
// command line's --dlr-url, --inbound-url, --number...) go for every token that has none of its
// own; a token the scenario does not list can be set up before its first send.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { guarded, showError } from '../banner.js';
import { plural } from '../format.js';
import { withTokenFilter } from '../token-filter.js';
import { EVENT } from '../event-types.js';

const FROM = {
  scenario: 'from the scenario',
  'command line': 'from the command line',
  'run time': 'set here (or by a control call)',
  default: 'the default’s',
};

function formatSelect(value, label) {
  return h('select', { 'aria-label': label }, ['json', 'form'].map((format) =>
    h('option', { value: format, selected: format === value }, format === 'json' ? 'JSON' : 'form fields')));
}

const formRow = (label, ...controls) =>
  h('div', { class: 'token-row' }, h('span', { class: 'muted' }, label), h('span', { class: 'token-controls' }, ...controls));

// One token's card: its settings as they stand, and a form that replaces its own.
function tokenCard(token, { onSaved }) {
  // A setting of the token's own, or null when it takes the default's (or has none).
  const own = (setting) => (setting && setting.from !== 'default' ? setting : null);
  const field = (value, placeholder, test, label) =>
    h('input', { type: 'url', class: 'mono', value: value ?? '', placeholder, test, 'aria-label': label, spellcheck: false, autocomplete: 'off' });
  const inherited = (setting) => (setting?.from === 'default' ? `${setting.url} (the default’s)` : 'none');
  const dlrUrl = field(own(token.dlr)?.url, inherited(token.dlr), 'token-dlr-url', 'DLR URL');
  const dlrFormat = formatSelect(own(token.dlr)?.format ?? 'json', 'DLR format');
  const inboundUrl = field(own(token.inbound)?.url, inherited(token.inbound), 'token-inbound-url', 'Inbound SMS URL');
  const inboundFormat = formatSelect(own(token.inbound)?.format ?? 'json', 'Inbound SMS format');
  const numbers = h('input', { type: 'text', class: 'mono', test: 'token-numbers', value: (own(token.inbound)?.numbers ?? []).join(' '),
    placeholder: '46700000100 …', 'aria-label': 'Inbound numbers (space or comma separated)', spellcheck: false, autocomplete: 'off' });
  const problems = h('div', { test: 'token-problems' });

  async function save(settings) {
    fill(problems);
    try {
      await api.setToken(token.id, settings);
      onSaved();
    } catch (error) {
      if (error.code !== 'invalid_token_settings') return showError(error);
      fill(problems, h('ol', { class: 'problems' }, error.problems.map((problem) => h('li', { class: 'mono' }, problem))));
    }
  }
  const settingsOfForm = () => {
    const settings = {};
    if (dlrUrl.value.trim()) settings.dlr = { url: dlrUrl.value.trim(), format: dlrFormat.value };
    const listed = numbers.value.split(/[\s,]+/).filter(Boolean);
    if (inboundUrl.value.trim() || listed.length)
      settings.inbound = { url: inboundUrl.value.trim(), format: inboundFormat.value, numbers: listed };
    return settings;
  };

  const describe = (setting) => setting
    ? [h('span', { class: 'mono' }, setting.url), ` as ${setting.format}, ${FROM[setting.from] ?? setting.from}`]
    : h('span', { class: 'muted' }, 'none: no callback is posted');
  const kind = token.default ? 'every token without its own settings' : token.listed ? 'listed in the scenario' : 'seen (any token is accepted)';
  return h('section', { class: 'card token', test: 'token-card', dataset: { id: token.id } },
    h('header', { class: 'token-head' },
      h('h3', { class: 'mono' }, token.id), h('span', { class: 'muted' }, kind),
      h('span', { class: 'spacer' }),
      token.default ? null : h('a', { href: withTokenFilter('#/messages', token.id), test: 'token-show-only' }, 'Show only this token')),
    h('dl', { class: 'facts' },
      h('dt', {}, 'DLRs'), h('dd', { test: 'token-dlr' }, describe(token.dlr)),
      h('dt', {}, 'Inbound SMS'), h('dd', { test: 'token-inbound' }, describe(token.inbound)),
      h('dt', {}, 'Numbers'), h('dd', { class: 'mono', test: 'token-number-list' }, (token.inbound?.numbers ?? []).join(', ') || '—')),
    h('form', { class: 'token-form', onsubmit: (event) => { event.preventDefault(); save(settingsOfForm()); } },
      formRow('DLR URL', dlrUrl, dlrFormat),
      formRow('Inbound SMS URL', inboundUrl, inboundFormat),
      formRow('Numbers', numbers),
      h('div', { class: 'token-row' }, h('span'), h('span', { class: 'token-controls' },
        h('button', { type: 'submit', test: 'token-save' }, 'Save'),
        h('button', { type: 'button', test: 'token-clear', onclick: () => save({}) },
          token.default ? 'Clear' : 'Use the default’s'))),
      problems));
}

export function createTokensView({ events }) {
  const summary = h('p', { class: 'muted', test: 'tokens-summary' });
  const list = h('div', { class: 'token-list' });
  const newToken = h('input', { type: 'text', class: 'mono', test: 'token-new', placeholder: 'a token', 'aria-label': 'A token to set up', spellcheck: false, autocomplete: 'off' });
  const setUp = h('section', { class: 'card', hidden: true },
    h('h3', {}, 'Set up a token before its first send'),
    h('p', { class: 'muted' }, 'The scenario accepts any token: name one to give it its own settings.'),
    h('form', { class: 'token-new-form', onsubmit: async (event) => {
      event.preventDefault();
      const token = newToken.value.trim();
      if (!token) return newToken.focus();
      if (await guarded(() => api.setTokenByText(token, {}))) {
        newToken.value = '';
        refetch();
      }
    } }, newToken, h('button', { type: 'submit', test: 'token-new-add' }, 'Add')));
  const el = h('div', { class: 'page tokens' }, summary, setUp, list);

  // A card is made again only when its token changed: one being edited keeps what was typed
  // (and its problems) when another token changes.
  let cards = new Map();  // id -> { shown: the token's JSON, el }
  let loaded = false;
  async function refetch() {
    const answer = await guarded(api.tokens);
    if (!answer) return;
    loaded = true;
    setUp.hidden = !answer.open;
    fill(summary, `${plural(answer.tokens.length - 1, 'token')}. Changes hold until a scenario is loaded; a reset keeps them.`);
    const next = new Map();
    for (const token of answer.tokens) {
      const shown = JSON.stringify(token);
      const card = cards.get(token.id);
      next.set(token.id, card?.shown === shown ? card : { shown, el: tokenCard(token, { onSaved: refetch }) });
    }
    cards = next;
    // The same cards stay where they are: taken out and put back, a card would lose its focus,
    // and a click on its Save between press and release.
    const els = [...cards.values()].map((card) => card.el);
    if (els.length !== list.children.length || els.some((card, i) => list.children[i] !== card)) fill(list, els);
  }
  let shown = false;
  const refetchIfShown = () => (shown ? refetch() : (loaded = false));
  for (const type of [EVENT.tokenChanged, EVENT.scenarioLoaded, EVENT.resync]) events.on(type, refetchIfShown);

  return {
    el,
    show() {
      shown = true;
      return loaded ? null : refetch();
    },
    hide() { shown = false; },
    focusFilter: () => newToken.focus(),
  };
}
