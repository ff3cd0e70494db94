// Hash routes, so every view can be opened (and tested) directly:
// #/messages, #/messages/<requestid>, #/conversations, #/conversations/<phone>[/<other side>],
// #/callbacks, #/scenario, #/tokens; each with the page's token filter after it, if one
// (?tokenid=..., token-filter.js), which every link keeps.
import { currentTokenId, withTokenFilter } from './token-filter.js';

export const VIEWS = ['messages', 'conversations', 'callbacks', 'scenario', 'tokens'];

export function parseRoute(hash) {
  const parts = hash.split('?')[0].replace(/^#\/?/, '').split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  const view = VIEWS.includes(parts[0]) ? parts[0] : 'messages';
  return { view, id: parts[1] || null, other: parts[2] || null, tokenid: currentTokenId(hash) };
}

const part = encodeURIComponent;
export const link = {
  messages: () => withTokenFilter('#/messages'),
  message: (requestid) => withTokenFilter(`#/messages/${part(requestid)}`),
  conversations: () => withTokenFilter('#/conversations'),
  conversation: (phone, other) => withTokenFilter(`#/conversations/${part(phone)}${other ? `/${part(other)}` : ''}`),
  callbacks: () => withTokenFilter('#/callbacks'),
  scenario: () => withTokenFilter('#/scenario'),
  tokens: () => withTokenFilter('#/tokens'),
};
