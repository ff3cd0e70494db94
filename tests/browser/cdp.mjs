// The Chrome DevTools Protocol over --remote-debugging-pipe: Chromium reads commands from its fd 3
// and writes answers and events to its fd 4, each message one JSON object ended by a NUL byte.
// Node 18's own modules only (Debian 12's nodejs): no npm package, no WebSocket.
//
//   const chromium = await launchChromium({ executablePath, args });
//   const { targetId } = await chromium.connection.send('Target.createTarget', { url: 'about:blank' });
//   const session = await chromium.connection.attach(targetId);   // flatten: true
//   session.on('Page.loadEventFired', ...);  await session.send('Page.enable');
//   await chromium.close();
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class ProtocolError extends Error {
  constructor(method, message, code) {
    super(`${method}: ${message}`);
    this.name = 'ProtocolError';
    this.method = method;
    this.code = code;
  }
}

// One attached target (flatten: true): commands carry its sessionId; its events are emitted on it.
export class Session extends EventEmitter {
  constructor(connection, id) {
    super();
    this.connection = connection;
    this.id = id;
    this.closed = false;
    this.crashed = false;
  }

  send(method, params = {}) {
    if (this.closed) return Promise.reject(new ProtocolError(method, 'target closed'));
    return this.connection.send(method, params, this.id);
  }
}

// The browser's end of the pipe; itself the browser-level session (no sessionId).
export class Connection extends EventEmitter {
  constructor(writable, readable) {
    super();
    this.writable = writable;
    this.lastId = 0;
    this.pending = new Map(); // id -> { resolve, reject, method, sessionId }
    this.sessions = new Map();
    this.closed = false;
    let chunks = [];
    readable.on('data', (chunk) => {
      let start = 0;
      for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
        chunks.push(chunk.subarray(start, end));
        const text = Buffer.concat(chunks).toString('utf8');
        chunks = [];
        start = end + 1;
        this.dispatch(JSON.parse(text));
      }
      if (start < chunk.length) chunks.push(chunk.subarray(start));
    });
    readable.on('close', () => this.dispose('the browser closed its pipe'));
    writable.on('error', () => this.dispose('the browser closed its pipe'));
  }

  send(method, params = {}, sessionId = undefined) {
    if (this.closed) return Promise.reject(new ProtocolError(method, `connection closed (${this.closedReason})`));
    const id = ++this.lastId;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method, sessionId });
      this.writable.write(`${JSON.stringify(message)}\0`);
    });
  }

  // Attaches to a target (a page) and returns its session.
  async attach(targetId) {
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    return this.sessions.get(sessionId) ?? this.addSession(sessionId);
  }

  addSession(sessionId) {
    const session = new Session(this, sessionId);
    this.sessions.set(sessionId, session);
    return session;
  }

  dispatch(message) {
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new ProtocolError(call.method, message.error.message + (message.error.data ? ` (${message.error.data})` : ''), message.error.code));
      else call.resolve(message.result);
      return;
    }
    if (message.method === 'Target.attachedToTarget' && !this.sessions.has(message.params.sessionId)) {
      this.addSession(message.params.sessionId);
    }
    const session = message.sessionId ? this.sessions.get(message.sessionId) : this;
    if (!session) return;
    if (message.method === 'Inspector.targetCrashed') {
      session.crashed = true;
      this.rejectPending(message.sessionId, 'the page crashed');
    }
    session.emit(message.method, message.params);
    if (message.method === 'Target.detachedFromTarget') {
      const detached = this.sessions.get(message.params.sessionId);
      if (detached) {
        this.sessions.delete(message.params.sessionId);
        detached.closed = true;
        this.rejectPending(message.params.sessionId, 'target closed');
        detached.emit('detached');
      }
    }
  }

  rejectPending(sessionId, reason) {
    for (const [id, call] of this.pending) {
      if (sessionId !== null && call.sessionId !== sessionId) continue;
      this.pending.delete(id);
      call.reject(new ProtocolError(call.method, reason));
    }
  }

  dispose(reason) {
    if (this.closed) return;
    this.closed = true;
    this.closedReason = reason;
    this.rejectPending(null, reason);
    for (const session of this.sessions.values()) {
      session.closed = true;
      session.emit('detached');
    }
    this.sessions.clear();
    this.emit('disconnected');
  }
}

// Browsers still running when node exits (a test that threw past its cleanup) are killed with it.
const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
});

// Starts Chromium on a fresh profile, its DevTools protocol on fds 3 and 4; resolves once it
// answers Browser.getVersion. `args` come after the defaults (a later switch wins).
export async function launchChromium({ executablePath, args = [], headless = true, timeout = 30000, env = process.env }) {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'connectel-chromium-'));
  const switches = [
    ...(headless ? ['--headless=new', '--hide-scrollbars', '--mute-audio'] : []),
    '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--remote-debugging-pipe',
    `--user-data-dir=${userDataDir}`, '--no-first-run', '--no-default-browser-check', '--window-size=1280,900',
    // What playwright passes for quiet, deterministic runs: no background network or updates, no
    // throttling of timers or of pages that are not in front, no translate/media-router popups.
    '--disable-background-networking', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding', '--disable-back-forward-cache', '--disable-breakpad', '--disable-component-update',
    '--disable-client-side-phishing-detection', '--disable-component-extensions-with-background-pages',
    '--disable-default-apps', '--disable-extensions', '--disable-hang-monitor', '--disable-ipc-flooding-protection',
    '--disable-popup-blocking', '--disable-prompt-on-repost', '--disable-sync', '--disable-field-trial-config',
    '--disable-search-engine-choice-screen', '--metrics-recording-only', '--password-store=basic', '--use-mock-keychain',
    '--no-service-autorun', '--force-color-profile=srgb', '--allow-pre-commit-input', '--no-proxy-server',
    '--disable-features=Translate,MediaRouter,DialMediaRouteProvider,GlobalMediaControls,OptimizationHints,PaintHolding,' +
      'HttpsUpgrades,AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,LensOverlay,RenderDocument',
    ...args,
    'about:blank',
  ];
  // Its own process group (detached), so that close() can kill the renderers with it.
  const child = spawn(executablePath, switches, { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'], detached: true, env });
  running.add(child);
  let output = '';
  const keep = (text) => { output = (output + text).slice(-20000); };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const spawnError = new Promise((_, reject) => child.once('error', reject));
  const connection = new Connection(child.stdio[3], child.stdio[4]);

  let closing = null;
  const close = () => {
    closing ??= (async () => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        connection.send('Browser.close').catch(() => {});
        let timer;
        const late = new Promise((resolve) => { timer = setTimeout(resolve, 5000, 'late'); });
        if (await Promise.race([exited, late]) === 'late') {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // exited meanwhile
          }
          await exited;
        }
        clearTimeout(timer);
      }
      connection.dispose('the browser was closed');
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    })();
    return closing;
  };

  let timer;
  try {
    const version = await Promise.race([
      connection.send('Browser.getVersion'),
      spawnError,
      exited.then(({ code, signal }) => { throw new Error(`exited (${signal ?? code}) before it answered`); }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout); }),
    ]);
    return { connection, process: child, userDataDir, version, output: () => output, close };
  } catch (error) {
    await close();
    throw new Error(`could not start ${executablePath}: ${error.message}\n${output.trim().split('\n').slice(-15).join('\n')}`);
  } finally {
    clearTimeout(timer);
  }
}
