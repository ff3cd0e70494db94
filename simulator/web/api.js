// The control API (/_sim/...), same origin. Every failure becomes an ApiError carrying the
// API's error body: {code, message, field?, problems?}.
import { scopedQuery } from './token-filter.js';

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || 'http_error';
    this.field = error.field;
    this.problems = error.problems || [];
  }
}

// {a: 'x', b: '', c: null} -> "?a=x": empty filters are left out.
function queryString(query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

// prefetch.js asks for the messages' first page before the modules load: its answer is used
// once. Marking it taken keeps a late prefetch.js from asking again.
function takeEarlyFetch(url) {
  if (!url.startsWith('/_sim/messages?')) return null;
  const early = window.earlyFetch;
  window.earlyFetch = { taken: true };
  return early?.url === url ? early.response : null;
}

async function call(method, path, { query, json, text } = {}) {
  const init = { method, headers: {} };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (text !== undefined) {
    init.headers['Content-Type'] = 'text/plain; charset=utf-8';
    init.body = text;
  }
  let response;
  try {
    const url = path + queryString(query);
    response = await ((method === 'GET' && takeEarlyFetch(url)) || fetch(url, init));
  } catch (cause) {
    throw new ApiError(0, { code: 'network', message: `The simulator did not answer ${method} ${path} (${cause.message})` });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, body?.error ?? { message: `${method} ${path} answered HTTP ${response.status}` });
  }
  return body;
}

const id = (value) => encodeURIComponent(value);

export const api = {
  // The lists, and the reset, are of the page's token filter's token when it has one.
  messages: (query) => call('GET', '/_sim/messages', { query: scopedQuery(query) }),
  message: (requestid) => call('GET', `/_sim/messages/${id(requestid)}`),
  forceStatus: (requestid, status, desc) =>
    call('POST', `/_sim/messages/${id(requestid)}/status`, { json: desc ? { status, desc } : { status } }),
  inbound: (query) => call('GET', '/_sim/inbound', { query: scopedQuery(query) }),
  sendInbound: (from, to, message) => call('POST', '/_sim/inbound', { json: { from, to, message } }),
  callbacks: (query) => call('GET', '/_sim/callbacks', { query: scopedQuery(query) }),
  preview: (message) => call('POST', '/_sim/preview', { json: { message } }),
  clock: () => call('GET', '/_sim/clock'),
  advance: (by) => call('POST', '/_sim/clock/advance', { json: { by } }),
  reset: () => call('POST', '/_sim/reset', { query: scopedQuery() }),
  scenario: () => call('GET', '/_sim/scenario'),
  tokens: () => call('GET', '/_sim/tokens'),
  setToken: (tokenid, settings) => call('PUT', `/_sim/tokens/${id(tokenid)}`, { json: settings }),
  setTokenByText: (token, settings) => call('PUT', '/_sim/tokens', { query: { token }, json: settings }),
  loadScenario: (file, source) => call('PUT', '/_sim/scenario', { query: { file }, text: source }),
};
