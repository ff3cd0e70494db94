// The live feed: one EventSource on /_sim/events (of the page's token filter's token, when it
// has one). The browser reconnects by itself (sending Last-Event-ID); if it gives up (the
// stream answered an error), a new one resumes after the last event seen.

import { EVENT, EVENT_TYPES } from './event-types.js';
import { currentTokenId } from './token-filter.js';

export function connectEvents({ onState }) {
  const handlers = new Map();
  let lastId = null;
  let retryMs = 1000;
  let source = null;
  let tokenid = '';

  function dispatch(type, data) {
    for (const handler of handlers.get(type) ?? []) {
      try {
        handler(data);
      } catch (error) {
        console.error(`while handling ${type}:`, error);
      }
    }
  }

  function open() {
    const resumeFrom = lastId;
    const query = new URLSearchParams();
    if (tokenid) query.set('tokenid', tokenid);
    if (resumeFrom !== null) query.set('lastEventId', resumeFrom);
    const text = query.toString();
    const opened = new EventSource(`/_sim/events${text ? `?${text}` : ''}`);
    source = opened;
    onState('connecting');
    opened.onopen = () => {
      retryMs = 1000;
      onState('live');
      // Once an event was seen, every (re)connection resumes after it. Before that, the stream
      // starts now: lists fetched before it may lack a few items.
      dispatch('open', { resumed: lastId !== null });
    };
    opened.onerror = () => {
      if (opened !== source) return;  // replaced by restart()
      onState('connecting');
      if (opened.readyState === EventSource.CLOSED) {
        setTimeout(() => opened === source && open(), retryMs);
        retryMs = Math.min(retryMs * 2, 10000);
      }
    };
    for (const type of EVENT_TYPES) {
      opened.addEventListener(type, (event) => {
        if (event.lastEventId) lastId = event.lastEventId;
        let data;
        try {
          data = JSON.parse(event.data);
        } catch {
          return console.warn(`unreadable ${type} event`, event.data);
        }
        dispatch(type, data);
      });
    }
  }

  return {
    // type: one of EVENT_TYPES (EVENT.messageAccepted, ...), or 'open' ({resumed}) each time
    // the stream (re)opens.
    on(type, handler) {
      if (!handlers.has(type)) handlers.set(type, []);
      handlers.get(type).push(handler);
    },
    start() {
      tokenid = currentTokenId();
      open();
    },
    // When the token filter changes: a stream of the new filter's events, from now. What was
    // shown is for the old filter, so every view fetches afresh (the resync handlers).
    restart() {
      if (currentTokenId() === tokenid) return;
      tokenid = currentTokenId();
      source?.close();
      lastId = null;
      open();
      dispatch(EVENT.resync, {});
    },
  };
}
