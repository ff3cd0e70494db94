// Keyboard shortcuts. The ? overlay (the <dialog id="help"> in index.html) lists them.
import { VIEWS } from './router.js';
import { hasError, hideError } from './banner.js';

const G_VIEWS = { m: 'messages', c: 'conversations', b: 'callbacks', s: 'scenario', o: 'tokens' };

// go(view) switches tabs; view() is the view shown; header offers focusAdvance and advance(by).
export function installKeyboard({ go, view, header }) {
  const help = document.getElementById('help');
  document.getElementById('help-button').addEventListener('click', () => help.showModal());
  let afterG = false; // "g" waits for the tab's letter

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || help.open) return;
    const typing = event.target.closest?.('input, textarea, select, [contenteditable]');
    if (event.key === 'Escape') {
      if (typing) event.target.blur();
      else if (hasError()) hideError();
      else view().close?.();
      return;
    }
    if (typing) return;
    if (afterG) {
      afterG = false;
      if (G_VIEWS[event.key]) go(G_VIEWS[event.key]);
      return;
    }
    // On a row's link the browser follows it; with nothing focused, open the selected row.
    if (event.key === 'Enter') {
      if (event.target === document.body) view().open?.();
      return;
    }
    const action = {
      g: () => { afterG = true; },
      j: () => view().move?.(1),
      k: () => view().move?.(-1),
      ArrowDown: () => view().move?.(1),
      ArrowUp: () => view().move?.(-1),
      '/': () => view().focusFilter?.(),
      '?': () => help.showModal(),
      t: () => header.focusAdvance(),
      '.': () => header.advance('1s'),
    }[event.key] ?? (VIEWS[Number(event.key) - 1] && (() => go(VIEWS[Number(event.key) - 1])));
    if (!action) return;
    const isArrow = event.key.startsWith('Arrow');
    if (isArrow && !view().move) return; // let the page scroll
    event.preventDefault();
    action();
  });
}
