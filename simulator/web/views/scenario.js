// The Scenario tab: what is loaded (name, description, file, tokens, source), and loading
// another scenario file (PUT /_sim/scenario), with every problem listed when it is refused.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { showError } from '../banner.js';
import { plural } from '../format.js';

export function createScenarioView({ onLoaded }) {
  const name = h('h2', { test: 'scenario-name' });
  const description = h('p', { class: 'description' });
  const facts = h('dl', { class: 'facts' });
  const tokens = h('div', { class: 'tokens' });
  const source = h('pre', { class: 'source', test: 'scenario-source' });
  const file = h('input', { type: 'file', test: 'scenario-file', accept: '.json,.jsonc,.json5,application/json,text/plain' });
  const status = h('p', { class: 'load-status', test: 'scenario-status', role: 'status' });
  const problemsBox = h('div');

  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    fill(status, 'Loading ', h('span', { class: 'mono' }, chosen.name), '…');
    status.className = 'load-status';
    fill(problemsBox);
    try {
      const loaded = await api.loadScenario(chosen.name, await chosen.text());
      fill(status, 'Loaded ', h('strong', {}, loaded.name), ' from ', h('span', { class: 'mono' }, chosen.name),
        '. Every list was cleared.');
      status.className = 'load-status ok';
      onLoaded();
    } catch (error) {
      status.className = 'load-status bad';
      if (error.problems.length === 0) {
        fill(status, `Not loaded: ${error.message}`);
        if (error.code !== 'invalid_scenario') showError(error);
        return;
      }
      fill(status, `Not loaded: ${chosen.name} has ${plural(error.problems.length, 'problem')}. The current scenario stays.`);
      fill(problemsBox, h('ol', { class: 'problems', test: 'scenario-problems' },
        error.problems.map((problem) => h('li', { class: 'mono' }, problem))));
    } finally {
      file.value = ''; // choosing the same file again (after fixing it) loads it again
    }
  });

  const el = h('div', { class: 'page scenario' },
    h('section', { class: 'card' }, name, description, facts, tokens),
    h('section', { class: 'card' },
      h('h3', {}, 'Load another scenario'),
      h('p', { class: 'muted' }, 'Loading clears every message, inbound SMS and callback, and may change the clock.'),
      h('label', { class: 'file-pick' }, 'Scenario file ', file),
      status, problemsBox),
    h('section', { class: 'card' }, h('h3', {}, 'Source'), source));

  function render(scenario) {
    name.textContent = scenario.name || '(unnamed)';
    description.textContent = scenario.description ?? '';
    fill(facts,
      h('dt', {}, 'File'), h('dd', { class: 'mono' }, scenario.file || '(built in)'),
      h('dt', {}, 'Clock'), h('dd', {}, scenario.clock ?? ''));
    fill(tokens, scenario.tokens
      ? h('table', {},
        h('thead', {}, h('tr', {}, ['Token id', 'Inbound numbers', 'DLR url', 'Inbound url'].map((title) => h('th', {}, title)))),
        h('tbody', {}, scenario.tokens.map((token) => h('tr', {},
          h('td', { class: 'mono' }, token.id),
          h('td', { class: 'mono' }, (token.numbers ?? []).join(', ') || '—'),
          h('td', { class: 'mono' }, token.dlrUrl ?? '—'),
          h('td', { class: 'mono' }, token.inboundUrl ?? '—')))))
      : h('p', { class: 'muted' }, 'Any non-empty token is accepted.'));
    source.textContent = scenario.source ?? '';
  }

  return {
    el,
    render,
    show: () => null,
    focusFilter: () => file.focus(),
  };
}
