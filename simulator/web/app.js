// Boots the page: the views, hash routing, the live event stream and the first render.
import { api } from './api.js';
import { guarded } from './banner.js';
import { connectEvents } from './events.js';
import { installKeyboard } from './keyboard.js';
import { VIEWS, link, parseRoute } from './router.js';
import { createHeader } from './views/header.js';
import { createMessagesView } from './views/messages.js';
import { createConversationsView } from './views/conversations.js';
import { createCallbacksView } from './views/callbacks.js';
import { createScenarioView } from './views/scenario.js';
import { createTokensView } from './views/tokens.js';
import { EVENT } from './event-types.js';

let header;
const events = connectEvents({ onState: (state) => header.setConnection(state) });
header = createHeader({ events });

const callbacksTab = document.querySelector('[data-test=tab-callbacks]');
const views = {
  messages: createMessagesView({ events }),
  conversations: createConversationsView({ events }),
  callbacks: createCallbacksView({
    events,
    onFailedCount: (count) => {
      callbacksTab.dataset.failed = count;
      callbacksTab.title = count ? `${count} attempts did not deliver` : '';
    },
  }),
  scenario: createScenarioView({ onLoaded: () => guarded(loadScenario) }),
  tokens: createTokensView({ events }),
};
for (const name of VIEWS) document.getElementById(`view-${name}`).append(views[name].el);

// The scenario feeds the header and its own tab; the tokens, the header's token ids and the
// compose box's numbers.
async function loadScenario() {
  const [scenario, tokens] = await Promise.all([api.scenario(), api.tokens()]);
  header.setScenario(scenario, tokens);
  views.scenario.render(scenario);
  views.conversations.setTokens(tokens);
}
for (const type of [EVENT.scenarioLoaded, EVENT.resync, EVENT.tokenChanged]) events.on(type, () => guarded(loadScenario));

let current = 'messages';
let started = false;
function route() {
  const next = parseRoute(location.hash);
  header.showTokenFilter(next.tokenid);
  if (started) events.restart();  // a new token filter: its own stream, and every view afresh
  current = next.view;
  for (const name of VIEWS) {
    document.getElementById(`view-${name}`).hidden = name !== current;
    if (name !== current) views[name].hide?.();
    const tab = document.querySelector(`[data-test=tab-${name}]`);
    tab.setAttribute('href', link[name]());  // with the token filter
    if (name === current) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  document.title = `${current[0].toUpperCase()}${current.slice(1)} · connectel-sim`;
  return views[current].show(next);
}

// Once, when the first view has rendered: the hook the browser tests wait for.
function markReady() {
  if (document.body.dataset.ready) return;
  performance.mark('first-render');
  document.body.dataset.ready = 'true';
}

if (!location.hash) history.replaceState(null, '', link.messages());
window.addEventListener('hashchange', () => route());
const firstRender = route();
events.start();
started = true;
guarded(loadScenario);
guarded(header.fetchClock);
installKeyboard({ go: (name) => { location.hash = link[name](); }, view: () => views[current], header });
Promise.resolve(firstRender).finally(markReady);
