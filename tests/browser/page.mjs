// A small Playwright-like API over cdp.mjs: what the browser tests and bench/page_render.mjs use,
// with Playwright's names and, as far as they go, its semantics.
//
//   const browser = await launch({ executablePath: '/usr/bin/chromium' });
//   const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
//   const page = await context.newPage();
//   await page.goto(url); await page.click('[data-test=x]'); await page.waitForSelector(...);
//
// Selectors are CSS only. Every wait is a condition polled inside the page (each animation
// frame, on each DOM mutation, and every 100 ms) or a protocol event, with a timeout; nothing
// sleeps. Actions wait like Playwright's: click for a visible, enabled, stable element that
// receives the pointer at its centre, then a real mouse press and release there; fill for a
// visible, enabled, editable one, then real text input.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './cdp.mjs';

export class TimeoutError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TimeoutError';
  }
}

// Starts Chromium: launch({ executablePath, args, headless, timeout }).
export async function launch(options = {}) {
  return new Browser(await launchChromium({ executablePath: '/usr/bin/chromium', ...options }));
}

export class Browser {
  constructor(chromium) {
    this._chromium = chromium;
    this._contexts = new Set();
  }

  version() {
    return this._chromium.version.product.replace(/^[^/]*\//, '');
  }

  process() {
    return this._chromium.process;
  }

  isConnected() {
    return !this._chromium.connection.closed;
  }

  contexts() {
    return [...this._contexts];
  }

  // A new browser context (like an incognito profile: no cache, cookies or storage shared).
  async newContext(options = {}) {
    const { browserContextId } = await this._chromium.connection.send('Target.createBrowserContext', { disposeOnDetach: true });
    const context = new BrowserContext(this, browserContextId, options);
    this._contexts.add(context);
    return context;
  }

  // A page in a context of its own, which closing the page closes.
  async newPage(options = {}) {
    const context = await this.newContext(options);
    const page = await context.newPage();
    page._ownedContext = context;
    return page;
  }

  async close() {
    await this._chromium.close();
  }
}

export class BrowserContext {
  constructor(browser, id, options) {
    this._browser = browser;
    this._id = id;
    this._options = options;
    this._pages = new Set();
    this._closed = false;
  }

  pages() {
    return [...this._pages];
  }

  async newPage() {
    const connection = this._browser._chromium.connection;
    const { targetId } = await connection.send('Target.createTarget', { url: 'about:blank', browserContextId: this._id });
    const page = new Page(this, targetId, await connection.attach(targetId), this._options);
    this._pages.add(page);
    await page._init();
    return page;
  }

  async close() {
    if (this._closed) return;
    this._closed = true;
    await this._browser._chromium.connection.send('Target.disposeBrowserContext', { browserContextId: this._id }).catch(() => {});
    for (const page of this._pages) page._didClose();
    this._browser._contexts.delete(this);
  }
}

// --- run inside the page: they must not refer to anything outside themselves

function isVisible(el) {
  if (!el.isConnected) return false;
  const style = getComputedStyle(el);
  if (style.display === 'contents') {
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1 && isVisible(child)) return true;
      if (child.nodeType === 3) {
        const range = document.createRange();
        range.selectNodeContents(child);
        const rect = range.getBoundingClientRect();
        if (rect.width > 0 && rect.height > 0) return true;
      }
    }
    return false;
  }
  if (typeof el.checkVisibility === 'function' && !el.checkVisibility()) return false;
  if (style.visibility !== 'visible') return false;
  const rect = el.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}

function isDisabled(el) {
  return el.matches(':disabled') || el.closest('[aria-disabled=true]') !== null;
}

// Resolves to predicate(note)'s first truthy value; rejects on its exception or at the timeout,
// with the last reason it gave note().
function poll(predicate, timeout) {
  return new Promise((resolve, reject) => {
    let done = false;
    let reason = '';
    let raf = 0;
    const finish = () => {
      done = true;
      cancelAnimationFrame(raf);
      clearTimeout(deadline);
      clearInterval(interval);
      observer.disconnect();
    };
    const check = () => {
      if (done) return;
      let value;
      try {
        value = predicate((why) => { reason = why; });
      } catch (error) {
        finish();
        reject(error);
        return;
      }
      if (value) {
        finish();
        resolve(value);
      }
    };
    const deadline = setTimeout(() => {
      if (done) return;
      check();
      if (done) return;
      finish();
      reject(new Error(`cdp-wait-timeout${reason ? `: ${reason}` : ''}`));
    }, timeout);
    const interval = setInterval(check, 100);
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const frame = () => {
      check();
      if (!done) raf = requestAnimationFrame(frame);
    };
    frame();
  });
}

// The first match of `selector` once it is in every state of `states`, or null (and why).
function resolveElement(note, { selector, states, strict }, extra = null) {
  const all = document.querySelectorAll(selector);
  if (strict && all.length > 1) throw new Error(`strict mode violation: "${selector}" matches ${all.length} elements`);
  const el = all[0];
  if (!el) return note('no element matches'), null;
  if (states.includes('visible') && !isVisible(el)) return note('the element is not visible'), null;
  if (states.includes('enabled') && isDisabled(el)) return note('the element is disabled'), null;
  if (states.includes('editable')) {
    if (!['INPUT', 'TEXTAREA', 'SELECT'].includes(el.nodeName) && !el.isContentEditable) {
      throw new Error('the element is not an <input>, <textarea>, <select> or [contenteditable]');
    }
    if (el.readOnly) return note('the element is read-only'), null;
  }
  const why = extra && extra(el);
  if (why) return note(why), null;
  return el;
}

// `this` is the element: scrolls it into view and gives the point a click should go to, once its
// box holds still for an animation frame and the element (or a descendant, or its label) is
// what the pointer would hit there.
async function clickablePoint() {
  const el = this;
  if (!el.isConnected) return { retry: 'the element was detached' };
  if (el.scrollIntoViewIfNeeded) el.scrollIntoViewIfNeeded(true);
  else el.scrollIntoView({ block: 'center', inline: 'center' });
  const before = el.getBoundingClientRect();
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const after = el.getBoundingClientRect();
  if (before.x !== after.x || before.y !== after.y || before.width !== after.width || before.height !== after.height) {
    return { retry: 'the element is moving' };
  }
  let hit = null;
  for (const rect of el.getClientRects()) {
    const left = Math.max(rect.left, 0);
    const right = Math.min(rect.right, innerWidth);
    const top = Math.max(rect.top, 0);
    const bottom = Math.min(rect.bottom, innerHeight);
    if (right - left < 1 || bottom - top < 1) continue;
    const x = (left + right) / 2;
    const y = (top + bottom) / 2;
    hit = document.elementFromPoint(x, y);
    if (hit && (el.contains(hit) || [...(el.labels ?? [])].some((label) => label.contains(hit)))) return { x, y };
  }
  if (!hit) return { retry: 'the element is outside the viewport' };
  const name = hit.localName + (hit.id ? `#${hit.id}` : '') + (hit.dataset?.test ? `[data-test=${hit.dataset.test}]` : '');
  return { retry: `<${name}> would receive the click` };
}

// `this` is the element: until stop(), watches the pointer events of the click about to be
// dispatched; when the first one lands elsewhere (the layout moved since clickablePoint), it
// blocks them all, so that the click can be tried again. stop() says 'hit' or what got it.
function watchHitTarget() {
  const el = this;
  let verdict = null;
  const types = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'auxclick', 'dblclick', 'contextmenu'];
  const listener = (event) => {
    if (!event.isTrusted) return;
    if (verdict === null) {
      const target = event.composedPath()[0];
      const hit = target instanceof Node && (el.contains(target) || [...(el.labels ?? [])].some((label) => label.contains(target)));
      verdict = hit ? 'hit' : `<${target.localName ?? target.nodeName}${target.dataset?.test ? ` data-test=${target.dataset.test}` : ''}>`;
    }
    if (verdict !== 'hit') {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };
  for (const type of types) window.addEventListener(type, listener, { capture: true });
  return {
    stop() {
      for (const type of types) window.removeEventListener(type, listener, { capture: true });
      return verdict ?? 'hit';
    },
  };
}

// `this` is the element: readies it for typing `value` over its content ('needsinput'), or sets
// the value of a date, colour or range input itself ('done').
function prepareFill(value) {
  const el = this;
  if (el.nodeName === 'INPUT') {
    const type = el.type.toLowerCase();
    if (['color', 'date', 'time', 'datetime-local', 'month', 'range', 'week'].includes(type)) {
      el.focus();
      el.value = value;
      if (el.value !== value) throw new Error(`malformed value "${value}" for an input of type ${type}`);
      el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return 'done';
    }
    if (!['', 'email', 'number', 'password', 'search', 'tel', 'text', 'url'].includes(type)) {
      throw new Error(`an input of type "${type}" cannot be filled`);
    }
    if (type === 'number' && value.trim() !== '' && Number.isNaN(Number(value))) throw new Error('cannot type text into input[type=number]');
    el.focus();
    el.select();
    return 'needsinput';
  }
  if (el.nodeName === 'TEXTAREA') {
    el.focus();
    el.select();
    return 'needsinput';
  }
  if (el.isContentEditable) {
    el.focus();
    const range = document.createRange();
    range.selectNodeContents(el);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return 'needsinput';
  }
  throw new Error('the element is not an <input>, <textarea> or [contenteditable]');
}

// `this` is a <select>: selects the options matching `wanted` (by value or label), fires input
// and change (with dryRun, only says which it would select); null while some are missing.
function selectOptions(wanted, dryRun = false) {
  const el = this;
  if (el.nodeName !== 'SELECT') throw new Error('the element is not a <select>');
  const options = [...el.options];
  const picked = [];
  for (const want of wanted) {
    const option = options.find((o) => (want.value === undefined || o.value === want.value) &&
      (want.label === undefined || o.label === want.label) && (want.index === undefined || o.index === want.index) &&
      (want.valueOrLabel === undefined || o.value === want.valueOrLabel || o.label === want.valueOrLabel));
    if (!option) return null;
    picked.push(option);
    if (!el.multiple) break;
  }
  if (dryRun) return picked.map((option) => option.value);
  for (const option of options) option.selected = picked.includes(option);
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return picked.map((option) => option.value);
}

// --- node side

const serialize = (value) => (value === undefined ? 'undefined' : JSON.stringify(value));
// `fn(arg)` as an expression; a string is an expression already (as in Playwright).
const call = (fn, ...args) => (typeof fn === 'string' ? fn : `(${fn})(${args.map(serialize).join(', ')})`);
const helpers = [isVisible, isDisabled, poll, resolveElement, selectOptions].join('\n');

function remoteValue(remote) {
  if ('value' in remote) return remote.value;
  switch (remote.unserializableValue) {
    case undefined: return undefined;
    case 'NaN': return NaN;
    case 'Infinity': return Infinity;
    case '-Infinity': return -Infinity;
    case '-0': return -0;
    default: return BigInt(remote.unserializableValue.slice(0, -1));
  }
}

// An exception of code run in the page, as an Error (its stack is the page's).
function pageException(details) {
  const description = details.exception?.description ?? String(details.exception?.value ?? details.text);
  const firstLine = description.split('\n')[0];
  const error = new Error(firstLine.replace(/^[A-Za-z]*Error: /, ''));
  error.name = details.exception?.className ?? 'Error';
  error.stack = description;
  const timeout = firstLine.match(/cdp-wait-timeout(?::\s*(.*))?$/);
  if (timeout) error.waitTimeout = timeout[1] ?? '';
  return error;
}

const contextDestroyed = (error) => /Execution context was destroyed|Cannot find context with specified id/.test(error.message);
const contextGone = (error) => contextDestroyed(error) ||
  /Cannot find default execution context|Inspected target navigated or closed|Could not find object with given id|Promise was collected/.test(error.message);

const KEYS = {
  Enter: [13, 'Enter', '\r'], Tab: [9, 'Tab'], Escape: [27, 'Escape'], Backspace: [8, 'Backspace'], Delete: [46, 'Delete'],
  ArrowLeft: [37, 'ArrowLeft'], ArrowUp: [38, 'ArrowUp'], ArrowRight: [39, 'ArrowRight'], ArrowDown: [40, 'ArrowDown'],
  Home: [36, 'Home'], End: [35, 'End'], PageUp: [33, 'PageUp'], PageDown: [34, 'PageDown'], Space: [32, 'Space', ' '],
  Shift: [16, 'ShiftLeft'], Control: [17, 'ControlLeft'], Alt: [18, 'AltLeft'], Meta: [91, 'MetaLeft'],
};
const MODIFIERS = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };

function keyDefinition(key) {
  if (KEYS[key]) {
    const [keyCode, code, text] = KEYS[key];
    return { key: key === 'Space' ? ' ' : key, keyCode, code, text };
  }
  if ([...key].length !== 1) throw new Error(`unknown key "${key}"`);
  const upper = key.toUpperCase();
  if (/[A-Z]/.test(upper)) return { key, keyCode: upper.charCodeAt(0), code: `Key${upper}`, text: key };
  if (/[0-9]/.test(key)) return { key, keyCode: key.charCodeAt(0), code: `Digit${key}`, text: key };
  return { key, keyCode: 0, code: '', text: key };
}

class ConsoleMessage {
  constructor(type, text, location, args = []) {
    this._type = type;
    this._text = text;
    this._location = location;
    this._args = args;
  }

  type() { return this._type; }
  text() { return this._text; }
  location() { return this._location; }
  args() { return this._args; }
}

class Request {
  constructor(params) {
    this._url = params.request.url;
    this._method = params.request.method;
    this._type = params.type;
    this._failure = null;
  }

  url() { return this._url; }
  method() { return this._method; }
  resourceType() { return (this._type ?? 'other').toLowerCase(); }
  failure() { return this._failure; }
}

class Response {
  constructor(request, response) {
    this._request = request;
    this._response = response;
  }

  url() { return this._response.url; }
  status() { return this._response.status; }
  statusText() { return this._response.statusText; }
  ok() { return this._response.status === 0 || (this._response.status >= 200 && this._response.status <= 299); }

  headers() {
    return Object.fromEntries(Object.entries(this._response.headers).map(([name, value]) => [name.toLowerCase(), value]));
  }

  request() { return this._request; }
}

class Dialog {
  constructor(page, params) {
    this._page = page;
    this._params = params;
    this._handled = false;
  }

  type() { return this._params.type; }
  message() { return this._params.message; }
  defaultValue() { return this._params.defaultPrompt ?? ''; }

  async accept(promptText) {
    await this._handle(true, promptText);
  }

  async dismiss() {
    await this._handle(false);
  }

  async _handle(accept, promptText) {
    if (this._handled) throw new Error('the dialog was handled already');
    this._handled = true;
    await this._page._session.send('Page.handleJavaScriptDialog', { accept, ...(promptText !== undefined ? { promptText } : {}) });
  }
}

// A CSS selector's element(s), resolved at each use. Actions and reads of one element are strict
// (they fail when the selector matches more than one), as Playwright's locators are.
class Locator {
  constructor(page, selector) {
    this._page = page;
    this._selector = selector;
  }

  locator(selector) { return new Locator(this._page, `${this._selector} ${selector}`); }
  count() { return this._page.evaluate((sel) => document.querySelectorAll(sel).length, this._selector); }
  waitFor(options = {}) { return this._page.waitForSelector(this._selector, { ...options, strict: true }); }
  click(options = {}) { return this._page.click(this._selector, { ...options, strict: true }); }
  fill(value, options = {}) { return this._page.fill(this._selector, value, { ...options, strict: true }); }
  check(options = {}) { return this._page.check(this._selector, { ...options, strict: true }); }
  uncheck(options = {}) { return this._page.uncheck(this._selector, { ...options, strict: true }); }
  selectOption(values, options = {}) { return this._page.selectOption(this._selector, values, { ...options, strict: true }); }
  setInputFiles(files, options = {}) { return this._page.setInputFiles(this._selector, files, { ...options, strict: true }); }
  press(key, options = {}) { return this._page.press(this._selector, key, { ...options, strict: true }); }
  pressSequentially(text, options = {}) { return this._page.type(this._selector, text, { ...options, strict: true }); }
  type(text, options = {}) { return this.pressSequentially(text, options); }
  getAttribute(name, options = {}) { return this._page.getAttribute(this._selector, name, { ...options, strict: true }); }
  textContent(options = {}) { return this._page.textContent(this._selector, { ...options, strict: true }); }
  innerText(options = {}) { return this._page.innerText(this._selector, { ...options, strict: true }); }
  inputValue(options = {}) { return this._page.inputValue(this._selector, { ...options, strict: true }); }
  isChecked(options = {}) { return this._page.isChecked(this._selector, { ...options, strict: true }); }
  isVisible() { return this._page.isVisible(this._selector, { strict: true }); }

  evaluate(fn, arg, options = {}) {
    return this._page._read(this._selector, fn, arg, { ...options, strict: true }, 'locator.evaluate');
  }

  evaluateAll(fn, arg) { return this._page.$$eval(this._selector, fn, arg); }
  allTextContents() { return this._page.$$eval(this._selector, (els) => els.map((el) => el.textContent ?? '')); }
}

export class Page extends EventEmitter {
  constructor(context, targetId, session, options = {}) {
    super();
    this._context = context;
    this._targetId = targetId;
    this._session = session;
    this._options = options;
    this._mainFrameId = targetId;
    this._url = 'about:blank';
    this._loaderId = null;
    this._contextId = null;
    this._closed = false;
    this._timeout = 30000;
    this._navigationTimeout = null;
    this._requests = new Map();
    this._documents = new Map(); // loaderId -> the main document's Response
    this._bindings = new Map();
    this._uploadDirs = [];
    this._gone = new EventEmitter(); // 'gone' when the page closes or crashes
    this._gone.setMaxListeners(0);
    this.keyboard = {
      press: (key) => this._press(key),
      type: (text) => this._type(text),
      insertText: (text) => this._session.send('Input.insertText', { text }),
    };
    this.mouse = {
      click: (x, y) => this._mouseClick(x, y),
    };

    const on = (event, handler) => session.on(event, handler);
    on('Runtime.executionContextCreated', ({ context: c }) => {
      if (c.auxData?.isDefault && c.auxData.frameId === this._mainFrameId) {
        this._contextId = c.id;
        this._gone.emit('context');
      }
    });
    on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
      if (executionContextId === this._contextId) this._contextId = null;
    });
    on('Runtime.executionContextsCleared', () => { this._contextId = null; });
    on('Page.frameNavigated', ({ frame }) => {
      if (frame.parentId) return;
      this._url = frame.url + (frame.urlFragment ?? '');
      this._loaderId = frame.loaderId;
    });
    on('Page.navigatedWithinDocument', ({ frameId, url }) => {
      if (frameId === this._mainFrameId) this._url = url;
    });
    on('Runtime.exceptionThrown', ({ exceptionDetails }) => this.emit('pageerror', pageException(exceptionDetails)));
    on('Runtime.consoleAPICalled', ({ type, args, stackTrace }) => {
      const text = args.map((a) => ('value' in a ? String(a.value) : a.unserializableValue ?? a.description ?? '')).join(' ');
      const top = stackTrace?.callFrames?.[0];
      this.emit('console', new ConsoleMessage(type, text, { url: top?.url ?? '', lineNumber: top?.lineNumber ?? 0, columnNumber: top?.columnNumber ?? 0 }, args));
    });
    on('Log.entryAdded', ({ entry }) => {
      if (entry.source === 'worker') return;
      const type = entry.level === 'verbose' ? 'debug' : entry.level;
      this.emit('console', new ConsoleMessage(type, entry.text, { url: entry.url ?? '', lineNumber: entry.lineNumber ?? 0, columnNumber: 0 }));
    });
    on('Network.requestWillBeSent', (params) => {
      const request = new Request(params);
      this._requests.set(params.requestId, request);
      this.emit('request', request);
    });
    on('Network.responseReceived', (params) => {
      const request = this._requests.get(params.requestId) ?? new Request({ request: { url: params.response.url, method: 'GET' }, type: params.type });
      const response = new Response(request, params.response);
      if (params.type === 'Document') this._documents.set(params.loaderId, response);
      this.emit('response', response);
    });
    on('Network.loadingFinished', ({ requestId }) => {
      const request = this._requests.get(requestId);
      this._requests.delete(requestId);
      if (request) this.emit('requestfinished', request);
    });
    on('Network.loadingFailed', ({ requestId, errorText, canceled }) => {
      const request = this._requests.get(requestId);
      this._requests.delete(requestId);
      if (!request) return;
      request._failure = { errorText: canceled && !errorText ? 'net::ERR_ABORTED' : errorText };
      this.emit('requestfailed', request);
    });
    on('Page.javascriptDialogOpening', (params) => {
      const dialog = new Dialog(this, params);
      // As in Playwright: with no 'dialog' listener, a dialog is dismissed.
      if (this.listenerCount('dialog') === 0) dialog.dismiss().catch(() => {});
      else this.emit('dialog', dialog);
    });
    on('Runtime.bindingCalled', ({ name, payload }) => {
      const fn = this._bindings.get(name);
      if (fn) fn(...JSON.parse(payload));
    });
    on('Inspector.targetCrashed', () => {
      this._gone.emit('gone', new Error('the page crashed'));
      this.emit('crash', this);
    });
    on('detached', () => this._didClose());
  }

  async _init() {
    const s = this._session;
    const { width = 1280, height = 720 } = this._options.viewport ?? {};
    await Promise.all([
      s.send('Page.enable'),
      s.send('Page.getFrameTree').then(({ frameTree }) => {
        this._mainFrameId = frameTree.frame.id;
        this._url = frameTree.frame.url;
        this._loaderId = frameTree.frame.loaderId;
      }),
      s.send('Page.setLifecycleEventsEnabled', { enabled: true }),
      s.send('Runtime.enable'),
      s.send('Network.enable'),
      s.send('Log.enable'),
      s.send('Emulation.setFocusEmulationEnabled', { enabled: true }),
      s.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false, screenWidth: width, screenHeight: height }),
      s.send('Emulation.setEmulatedMedia', { media: '', features: [{ name: 'prefers-color-scheme', value: this._options.colorScheme ?? 'light' }] }),
    ]);
  }

  _didClose() {
    if (this._closed) return;
    this._closed = true;
    this._gone.emit('gone', new Error('the page was closed'));
    for (const dir of this._uploadDirs) rmSync(dir, { recursive: true, force: true });
    this._context._pages.delete(this);
    this.emit('close', this);
  }

  // `promise`, or a rejection after `ms` (a TimeoutError saying `what`) or when the page goes.
  _race(promise, ms, what) {
    let timer;
    let onGone;
    const stop = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`${what}: timed out after ${ms} ms`)), ms);
      onGone = (error) => reject(new Error(`${what}: ${error.message}`));
      if (this._closed) onGone(new Error('the page is closed'));
      this._gone.on('gone', onGone);
    });
    return Promise.race([promise, stop]).finally(() => {
      clearTimeout(timer);
      this._gone.off('gone', onGone);
    });
  }

  // The id of the main frame's JavaScript context, waiting for one while a navigation makes it.
  _mainContext(ms, what) {
    if (this._contextId !== null) return Promise.resolve(this._contextId);
    let onContext;
    return this._race(new Promise((resolve) => {
      onContext = () => { if (this._contextId !== null) resolve(this._contextId); };
      this._gone.on('context', onContext);
    }), ms, `${what} (waiting for the page's JavaScript context)`).finally(() => this._gone.off('context', onContext));
  }

  async _evaluateExpression(expression, { byValue = true, timeout = this._timeout, what = 'evaluate' } = {}) {
    const contextId = await this._mainContext(timeout, what);
    try {
      const { result, exceptionDetails } = await this._race(this._session.send('Runtime.evaluate', {
        expression, contextId, awaitPromise: true, returnByValue: byValue, userGesture: true,
      }), timeout, what);
      if (exceptionDetails) throw pageException(exceptionDetails);
      return byValue ? remoteValue(result) : result;
    } catch (error) {
      if (contextDestroyed(error) && this._contextId === contextId) this._contextId = null;
      throw error;
    }
  }

  // Runs poll(predicate) in the page until it gives a value, again in the next document when a
  // navigation interrupts it.
  async _waitInPage(predicateSource, { timeout = this._timeout, byValue = true, what }) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const left = Math.max(1, deadline - Date.now());
      const expression = `(() => {\n${helpers}\nreturn poll(${predicateSource}, ${left});\n})()`;
      try {
        return await this._evaluateExpression(expression, { byValue, timeout: left + 5000, what });
      } catch (error) {
        if (error.waitTimeout !== undefined) {
          throw new TimeoutError(`${what}: timed out after ${timeout} ms${error.waitTimeout ? ` (${error.waitTimeout})` : ''}`);
        }
        if (!contextGone(error)) throw error;
        if (Date.now() >= deadline) throw new TimeoutError(`${what}: timed out after ${timeout} ms (navigating)`);
      }
    }
  }

  // The element `selector` matches once it is in `states` and the page function `extra` (el) =>
  // reason-not-ready|null has no objection: a remote object (release it).
  _element(selector, states, options, what, extra = 'null') {
    const args = { selector, states, strict: Boolean(options.strict) };
    return this._waitInPage(`(note) => resolveElement(note, ${JSON.stringify(args)}, ${extra})`,
      { timeout: options.timeout ?? this._timeout, byValue: false, what: `${what}("${selector}")` });
  }

  async _callOn(objectId, fn, ...args) {
    return remoteValue(await this._callOnRemote(objectId, fn, true, ...args));
  }

  async _callOnRemote(objectId, fn, byValue, ...args) {
    const { result, exceptionDetails } = await this._session.send('Runtime.callFunctionOn', {
      objectId, functionDeclaration: String(fn), arguments: args.map((value) => ({ value })),
      awaitPromise: true, returnByValue: byValue, userGesture: true,
    });
    if (exceptionDetails) throw pageException(exceptionDetails);
    return result;
  }

  // Resolves the element, runs `act(objectId)`; again from the start while it returns
  // {retry: reason} or the document it was in goes away, until the timeout.
  async _act(selector, states, options, what, act, extra = 'null') {
    const timeout = options.timeout ?? this._timeout;
    const deadline = Date.now() + timeout;
    let reason = '';
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new TimeoutError(`${what}("${selector}"): timed out after ${timeout} ms${reason ? ` (${reason})` : ''}`);
      const element = await this._element(selector, states, { ...options, timeout: left }, what, extra);
      try {
        const result = await this._race(act(element.objectId), Math.max(1, deadline - Date.now()) + 5000, `${what}("${selector}")`);
        if (!result?.retry) return result;
        reason = result.retry;
      } catch (error) {
        if (!contextGone(error)) throw error;
        reason = 'the document changed';
      } finally {
        this._session.send('Runtime.releaseObject', { objectId: element.objectId }).catch(() => {});
      }
    }
  }

  // A read of the first match (waiting for it to be attached): fn(element, arg) in the page.
  _read(selector, fn, arg, options, what) {
    const args = { selector, states: [], strict: Boolean(options.strict) };
    return this._waitInPage(`(note) => { const el = resolveElement(note, ${JSON.stringify(args)}); return el && { value: (${fn})(el, ${serialize(arg)}) }; }`,
      { timeout: options.timeout ?? this._timeout, what: `${what}("${selector}")` }).then((box) => box.value);
  }

  // --- Playwright's Page, the part the tests use

  setDefaultTimeout(ms) { this._timeout = ms; }
  setDefaultNavigationTimeout(ms) { this._navigationTimeout = ms; }
  url() { return this._url; }
  isClosed() { return this._closed; }
  context() { return this._context; }
  locator(selector) { return new Locator(this, selector); }

  // Waits for the main frame's document `loaderIdOf()` names (or any new one, for null) to reach
  // `waitUntil`: 'load', 'domcontentloaded', 'networkidle' or 'commit'.
  async _navigation(start, { waitUntil = 'load', timeout = this._navigationTimeout ?? this._timeout } = {}, what) {
    const event = { load: 'load', domcontentloaded: 'DOMContentLoaded', networkidle: 'networkIdle', commit: 'commit' }[waitUntil];
    if (!event) throw new Error(`${what}: waitUntil must be load, domcontentloaded, networkidle or commit`);
    const previous = this._loaderId;
    const reached = new Set();
    let wake = () => {};
    const onLifecycle = ({ frameId, loaderId, name }) => {
      if (frameId === this._mainFrameId && (name === event || (event === 'commit' && name === 'init'))) {
        reached.add(loaderId);
        wake();
      }
    };
    this._session.on('Page.lifecycleEvent', onLifecycle);
    try {
      const loaderId = await this._race(start(), timeout, what);
      if (loaderId === false) return null; // within the document: nothing loads
      await this._race(new Promise((resolve) => {
        wake = () => { if (loaderId ? reached.has(loaderId) : [...reached].some((id) => id !== previous)) resolve(); };
        wake();
      }), timeout, `${what}: waiting for "${waitUntil}"`);
      return this._documents.get(loaderId ?? this._loaderId) ?? null;
    } finally {
      this._session.off('Page.lifecycleEvent', onLifecycle);
    }
  }

  goto(url, options = {}) {
    return this._navigation(async () => {
      const result = await this._session.send('Page.navigate', { url, frameId: this._mainFrameId });
      if (result.errorText) throw new Error(`page.goto: ${result.errorText} at ${url}`);
      return result.loaderId ?? false;
    }, options, `page.goto(${url})`);
  }

  reload(options = {}) {
    return this._navigation(async () => {
      await this._session.send('Page.reload');
      return null;
    }, options, 'page.reload()');
  }

  evaluate(fn, arg) {
    return this._evaluateExpression(call(fn, arg), { what: 'page.evaluate' });
  }

  // Resolves to the page function's first truthy value (polled each animation frame and on DOM
  // changes). Unlike Playwright, the value itself, not a JSHandle.
  waitForFunction(fn, arg, options = {}) {
    return this._waitInPage(`() => ${call(fn, arg)}`, { timeout: options.timeout ?? this._timeout, what: 'page.waitForFunction' });
  }

  // state: 'visible' (the default), 'attached', 'hidden' or 'detached', of the first match.
  // Unlike Playwright, resolves to nothing rather than an ElementHandle.
  async waitForSelector(selector, options = {}) {
    const { state = 'visible', timeout = this._timeout, strict = false } = options;
    const test = {
      attached: 'el !== undefined', detached: 'el === undefined', visible: 'el !== undefined && isVisible(el)', hidden: 'el === undefined || !isVisible(el)',
    }[state];
    if (!test) throw new Error(`page.waitForSelector: state must be attached, detached, visible or hidden, not ${state}`);
    const predicate = `() => { const all = document.querySelectorAll(${JSON.stringify(selector)});
      if (${strict} && all.length > 1) throw new Error('strict mode violation: ' + ${JSON.stringify(JSON.stringify(selector))} + ' matches ' + all.length + ' elements');
      const el = all[0]; return ${test}; }`;
    await this._waitInPage(predicate, { timeout, what: `page.waitForSelector("${selector}", ${state})` });
  }

  $eval(selector, fn, arg) {
    return this._evaluateExpression(`((sel, fn, arg) => {
      const el = document.querySelector(sel);
      if (!el) throw new Error('failed to find an element matching "' + sel + '"');
      return fn(el, arg);
    })(${JSON.stringify(selector)}, ${fn}, ${serialize(arg)})`, { what: 'page.$eval' });
  }

  $$eval(selector, fn, arg) {
    return this._evaluateExpression(`(${fn})([...document.querySelectorAll(${JSON.stringify(selector)})], ${serialize(arg)})`,
      { what: 'page.$$eval' });
  }

  // Tried again from the start while something else would get the click, or did (the page moved
  // between the look and the press: the events are then blocked before the page sees them).
  async click(selector, options = {}) {
    await this._act(selector, ['visible', 'enabled'], options, 'page.click', async (id) => {
      const point = await this._callOn(id, clickablePoint);
      if (point.retry) return point;
      const watch = await this._callOnRemote(id, watchHitTarget, false);
      await this._mouseClick(point.x, point.y, options);
      // A click that navigated took its document (and the watch) with it: it landed.
      const verdict = await this._callOn(watch.objectId, function () { return this.stop(); })
        .catch((error) => { if (contextGone(error)) return 'hit'; throw error; });
      this._session.send('Runtime.releaseObject', { objectId: watch.objectId }).catch(() => {});
      return verdict === 'hit' ? { clicked: true } : { retry: `${verdict} got the click` };
    });
  }

  async _mouseClick(x, y, { button = 'left', clickCount = 1 } = {}) {
    const send = (type, extra) => this._session.send('Input.dispatchMouseEvent', { type, x, y, modifiers: 0, ...extra });
    await send('mouseMoved', { button: 'none', buttons: 0 });
    const buttons = { left: 1, right: 2, middle: 4 }[button];
    for (let count = 1; count <= clickCount; count++) {
      await send('mousePressed', { button, buttons, clickCount: count });
      await send('mouseReleased', { button, buttons: 0, clickCount: count });
    }
  }

  async fill(selector, value, options = {}) {
    const what = await this._act(selector, ['visible', 'enabled', 'editable'], options, 'page.fill', (id) => this._callOn(id, prepareFill, String(value)));
    if (what !== 'needsinput') return;
    if (value === '') await this._press('Delete');
    else await this._session.send('Input.insertText', { text: String(value) });
  }

  check(selector, options = {}) { return this.setChecked(selector, true, options); }
  uncheck(selector, options = {}) { return this.setChecked(selector, false, options); }

  async setChecked(selector, checked, options = {}) {
    if (await this.isChecked(selector, options) === checked) return;
    await this.click(selector, options);
    if (await this.isChecked(selector, options) !== checked) throw new Error(`page.setChecked("${selector}"): clicking the checkbox did not change its state`);
  }

  isChecked(selector, options = {}) {
    return this._read(selector, (el) => {
      if (el.nodeName === 'INPUT' && ['checkbox', 'radio'].includes(el.type)) return el.checked;
      if (['checkbox', 'radio', 'switch', 'menuitemcheckbox'].includes(el.getAttribute('role'))) return el.getAttribute('aria-checked') === 'true';
      throw new Error('not a checkbox or radio button');
    }, undefined, options, 'page.isChecked');
  }

  // values: a value or label, {value, label, index}, or a list of them. Waits until every one has
  // an option. Resolves to the values selected.
  selectOption(selector, values, options = {}) {
    const wanted = (Array.isArray(values) ? values : [values]).map((v) => (typeof v === 'string' ? { valueOrLabel: v } : v));
    const missing = `no option matching ${JSON.stringify(values)}`;
    return this._act(selector, ['visible', 'enabled'], options, 'page.selectOption', async (id) => {
      const picked = await this._callOn(id, selectOptions, wanted);
      return picked ?? { retry: missing };
    }, `(el) => (selectOptions.call(el, ${JSON.stringify(wanted)}, true) ? null : ${JSON.stringify(missing)})`);
  }

  // files: paths, or {name, mimeType, buffer} payloads (written to a temporary directory kept until
  // the page closes: the page may read them late). The type the page sees comes from the name's
  // extension, not mimeType.
  async setInputFiles(selector, files, options = {}) {
    const paths = (Array.isArray(files) ? files : [files]).map((file) => {
      if (typeof file === 'string') return path.resolve(file);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'connectel-upload-'));
      this._uploadDirs.push(dir);
      const target = path.join(dir, path.basename(file.name));
      writeFileSync(target, file.buffer);
      return target;
    });
    await this._act(selector, [], options, 'page.setInputFiles', async (objectId) => {
      const multiple = await this._callOn(objectId, function () {
        if (this.nodeName !== 'INPUT' || this.type !== 'file') throw new Error('the element is not an <input type=file>');
        return this.multiple;
      });
      if (paths.length > 1 && !multiple) throw new Error('page.setInputFiles: several files for an input without "multiple"');
      await this._session.send('DOM.setFileInputFiles', { objectId, files: paths });
      return true;
    });
  }

  async type(selector, text, options = {}) {
    await this._act(selector, ['visible'], options, 'page.type', (id) => this._callOn(id, function () { this.focus(); return true; }));
    await this._type(text);
  }

  async press(selector, key, options = {}) {
    await this._act(selector, ['visible'], options, 'page.press', (id) => this._callOn(id, function () { this.focus(); return true; }));
    await this._press(key);
  }

  async _type(text) {
    for (const char of text) {
      if (char === '\n' || char === '\r') await this._press('Enter');
      else await this._press(char);
    }
  }

  // key: 'Enter', 'a', 'Shift+Tab', 'Control+a'...
  async _press(combination) {
    const parts = combination === '+' ? ['+'] : combination.split('+');
    const key = keyDefinition(parts.pop());
    let modifiers = 0;
    for (const name of parts) {
      if (!(name in MODIFIERS)) throw new Error(`unknown modifier "${name}" in "${combination}"`);
      modifiers |= MODIFIERS[name];
    }
    const send = (type, def, extra = {}) => this._session.send('Input.dispatchKeyEvent', {
      type, modifiers, key: def.key, code: def.code, windowsVirtualKeyCode: def.keyCode, nativeVirtualKeyCode: def.keyCode, ...extra,
    });
    for (const name of parts) await send('rawKeyDown', keyDefinition(name));
    const text = modifiers & ~MODIFIERS.Shift ? undefined : key.text;
    await send(text ? 'keyDown' : 'rawKeyDown', key, text ? { text, unmodifiedText: text } : {});
    await send('keyUp', key);
    for (const name of parts.reverse()) await send('keyUp', keyDefinition(name));
  }

  getAttribute(selector, name, options = {}) {
    return this._read(selector, (el, attribute) => el.getAttribute(attribute), name, options, 'page.getAttribute');
  }

  textContent(selector, options = {}) {
    return this._read(selector, (el) => el.textContent, undefined, options, 'page.textContent');
  }

  innerText(selector, options = {}) {
    return this._read(selector, (el) => el.innerText, undefined, options, 'page.innerText');
  }

  inputValue(selector, options = {}) {
    return this._read(selector, (el) => {
      if (!['INPUT', 'TEXTAREA', 'SELECT'].includes(el.nodeName)) throw new Error('not an <input>, <textarea> or <select> element');
      return el.value;
    }, undefined, options, 'page.inputValue');
  }

  // No wait: whether the first match is visible now.
  isVisible(selector, options = {}) {
    return this._evaluateExpression(`(() => {\n${helpers}\nconst all = document.querySelectorAll(${JSON.stringify(selector)});
      if (${Boolean(options.strict)} && all.length > 1) throw new Error(${JSON.stringify(`strict mode violation: "${selector}"`)});
      return all.length > 0 && isVisible(all[0]); })()`, { what: 'page.isVisible' });
  }

  // A PNG of the viewport, or of the whole page with fullPage; written to `path` if given.
  async screenshot({ path: file, fullPage = false } = {}) {
    const params = { format: 'png' };
    if (fullPage) {
      const { cssContentSize } = await this._session.send('Page.getLayoutMetrics');
      params.clip = { x: 0, y: 0, width: Math.ceil(cssContentSize.width), height: Math.ceil(cssContentSize.height), scale: 1 };
      params.captureBeyondViewport = true;
    }
    const { data } = await this._race(this._session.send('Page.captureScreenshot', params), this._timeout, 'page.screenshot');
    const buffer = Buffer.from(data, 'base64');
    if (file) writeFileSync(file, buffer);
    return buffer;
  }

  // Runs in every document the page loads from now on, before its own scripts: a function (with
  // `arg`), a source text, or {path} / {content}.
  async addInitScript(script, arg) {
    let source;
    if (typeof script === 'function') source = call(script, arg);
    else if (typeof script === 'string') source = script;
    else source = script.content ?? readFileSync(script.path, 'utf8');
    await this._session.send('Page.addScriptToEvaluateOnNewDocument', { source });
  }

  // window[name](...args) in the page calls fn(...args) here (JSON-able arguments). Unlike
  // Playwright, the page's call returns nothing (not a promise of fn's result).
  async exposeFunction(name, fn) {
    const binding = `__cdpBinding_${name}`;
    this._bindings.set(binding, fn);
    await this._session.send('Runtime.addBinding', { name: binding });
    const install = `(() => { const send = window[${JSON.stringify(binding)}];
      if (typeof send === 'function') window[${JSON.stringify(name)}] = (...args) => { send(JSON.stringify(args)); }; })()`;
    await this.addInitScript(install);
    if (this._contextId !== null) await this._evaluateExpression(install).catch(() => {});
  }

  async close() {
    if (this._closed) return;
    if (this._ownedContext) await this._ownedContext.close();
    else await this._session.connection.send('Target.closeTarget', { targetId: this._targetId }).catch(() => {});
    this._didClose();
  }
}
