// The live feed: one EventSource on /_sim/events. The browser reconnects by itself (sending
// Last-Event-ID); if it gives up (the stream answered an error), a new one resumes after the
// last event seen.

import { EVENT_TYPES } from './event-types.js';

export function connectEvents({ onState }) {
  const handlers = new Map();
  let lastId = null;
  let retryMs = 1000;

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
    const source = new EventSource(resumeFrom === null ? '/_sim/events' : `/_sim/events?lastEventId=${resumeFrom}`);
    onState('connecting');
    source.onopen = () => {
      retryMs = 1000;
      onState('live');
      // Once an event was seen, every (re)connection resumes after it. Before that, the stream
      // starts now: lists fetched before it may lack a few items.
      dispatch('open', { resumed: lastId !== null });
    };
    source.onerror = () => {
      onState('connecting');
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(open, retryMs);
        retryMs = Math.min(retryMs * 2, 10000);
      }
    };
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => {
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
    start: open,
  };
}
