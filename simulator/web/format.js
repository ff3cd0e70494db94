// Formatting of the simulator's values. Times stay in UTC on the simulator's clock: they are
// sliced from its ISO strings, never passed through the browser's time zone.

// "2024-05-01T09:00:05.250Z" -> "2024-05-01 09:00:05.250"
export function clockDateTime(iso) {
  return iso ? iso.slice(0, 23).replace('T', ' ') : '';
}
// -> "09:00:05.250"
export function clockTime(iso) {
  return iso ? iso.slice(11, 23) : '';
}
// -> "09:00:05"
export function shortTime(iso) {
  return iso ? iso.slice(11, 19) : '';
}

export function plural(n, one, many = one + 's') {
  return `${n} ${n === 1 ? one : many}`;
}

// 1.234 -> "1.2 ms", 2500 -> "2.5 s"
export function formatMs(ms) {
  if (ms == null) return '';
  const abs = Math.abs(ms);
  if (abs < 0.1) return '<0.1 ms';
  if (abs < 1000) return `${+ms.toFixed(abs < 10 ? 1 : 0)} ms`;
  if (abs < 60000) return `${+(ms / 1000).toFixed(abs < 10000 ? 2 : 1)} s`;
  if (abs < 3600000) return `${+(ms / 60000).toFixed(1)} min`;
  return `${+(ms / 3600000).toFixed(1)} h`;
}

export function msBetween(fromIso, toIso) {
  return Date.parse(toIso) - Date.parse(fromIso);
}

// A callback's payload as the receiver got it: parsed JSON or form fields, or the raw text.
export function prettyPayload(payload) {
  return typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2);
}

// When a message was accepted: its first history entry.
export function acceptedAt(message) {
  return message.history?.[0]?.at ?? '';
}

// "R3K...X.17145541234560000" -> "R3K…60000": enough to tell rows apart at a glance.
export function shortId(id) {
  return id && id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-5)}` : id ?? '';
}
