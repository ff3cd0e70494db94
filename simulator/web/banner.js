// The error banner for failed API calls: one at a time, showing the API's error.message.
import { h } from './dom.js';

const host = () => document.getElementById('banner');

export function showError(error) {
  const text = error?.message || String(error);
  const close = h('button', { class: 'icon', type: 'button', title: 'Dismiss (Esc)', 'aria-label': 'Dismiss', onclick: hideError }, '×');
  host().replaceChildren(h('div', { class: 'banner', role: 'alert' },
    error?.code ? h('code', { class: 'banner-code' }, error.code) : null,
    h('span', { test: 'error' }, text),
    close));
}

export function hideError() {
  host().replaceChildren();
}

export function hasError() {
  return host().childElementCount > 0;
}

// Runs an action, showing its failure in the banner; resolves to undefined on failure.
export async function guarded(action) {
  try {
    return await action();
  } catch (error) {
    showError(error);
    return undefined;
  }
}
