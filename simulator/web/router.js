// Hash routes, so every view can be opened (and tested) directly:
// #/messages, #/messages/<requestid>, #/conversations, #/conversations/<phone>[/<other side>],
// #/callbacks, #/scenario.

export const VIEWS = ['messages', 'conversations', 'callbacks', 'scenario'];

export function parseRoute(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  const view = VIEWS.includes(parts[0]) ? parts[0] : 'messages';
  return { view, id: parts[1] || null, other: parts[2] || null };
}

const part = encodeURIComponent;
export const link = {
  messages: () => '#/messages',
  message: (requestid) => `#/messages/${part(requestid)}`,
  conversations: () => '#/conversations',
  conversation: (phone, other) => `#/conversations/${part(phone)}${other ? `/${part(other)}` : ''}`,
  callbacks: () => '#/callbacks',
  scenario: () => '#/scenario',
};
