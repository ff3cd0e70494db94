// A newest-first window over one of the API's lists (messages, callbacks): the first page at
// once, older pages as the user scrolls or asks, live items on top. It never holds more than
// `maxRows` rows, so 100,000 stored items cost the page no more than a few hundred.
import { h, fill } from './dom.js';
import { ApiError } from './api.js';
import { guarded } from './banner.js';

export class PagedList {
  // fetchPage(query) -> {items, total, more}; idOf(item) -> cursor; renderRow(item) -> <li>;
  // matches(item): does a live item pass the filters; onChange(list): total or window changed.
  constructor({ fetchPage, idOf, renderRow, matches, onChange, noun, pageSize = 100, maxRows = 500 }) {
    Object.assign(this, { fetchPage, idOf, renderRow, matches, onChange, noun, pageSize, maxRows });
    this.rows = []; // [{id, item, el}], newest first
    this.byId = new Map();
    this.total = 0;
    this.moreOlder = false;
    this.atTop = true; // the window starts at the newest matching item
    this.newer = 0; // live items not shown because the window is not at the top
    this.loaded = false;
    this.loading = false;
    this.generation = 0; // answers of superseded fetches are dropped
    this.queued = []; // live items waiting for the next frame (or for the fetch in flight)
    this.overflowed = false; // the queue was dropped: the window is behind the simulator
    this.selectedId = null;

    this.list = h('ol', { class: 'rows' });
    this.newerBar = h('button', { class: 'newer-bar', type: 'button', hidden: true, onclick: () => this.toNewest() });
    this.olderButton = h('button', { class: 'link', type: 'button', onclick: () => guarded(() => this.older()) }, 'Older');
    this.footer = h('div', { class: 'list-foot' });
    // The list scrolls itself; reaching (near) its bottom loads the next older page.
    this.el = h('div', { class: 'paged scroll' }, this.newerBar, this.list, this.footer);
    new IntersectionObserver(() => {
      if (this.loaded && this.moreOlder && this.footerNear()) guarded(() => this.older());
    }, { root: this.el, rootMargin: '0px 0px 300px 0px' }).observe(this.footer);
  }

  // Observations are delivered late: check the geometry as it is now.
  footerNear() {
    const view = this.el.getBoundingClientRect();
    return view.height > 0 && this.footer.getBoundingClientRect().top < view.bottom + 300;
  }

  // The first page, newest first. Resolves once it is rendered.
  async reload() {
    const generation = ++this.generation;
    this.loading = true;
    try {
      const page = await this.fetchPage({ order: 'desc', limit: this.pageSize });
      if (generation !== this.generation) return;
      this.replaceRows(page.items);
      this.total = page.total ?? page.items.length;
      this.moreOlder = Boolean(page.more);
      this.atTop = true;
      this.newer = 0;
      this.overflowed = false;
      this.loaded = true;
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.flushSoon();
        this.changed();
      }
    }
  }

  async toNewest() {
    await guarded(() => this.reload());
    this.el.scrollTop = 0;
  }

  async older() {
    const last = this.rows.at(-1);
    if (this.loading || !this.moreOlder || !last) return;
    const generation = this.generation;
    this.loading = true;
    this.changed();
    try {
      const page = await this.fetchPage({ order: 'desc', limit: this.pageSize, before: last.id });
      if (generation !== this.generation) return;
      for (const item of page.items) this.insert(item, 'bottom');
      this.moreOlder = Boolean(page.more);
      this.total = Math.max(this.total, page.total ?? 0); // live items may have come since it was counted
      this.trim('top');
    } catch (error) {
      if (generation === this.generation && isUnknownCursor(error)) return this.reload();
      throw error;
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.flushSoon();
        this.changed();
        // A tall window may still show the bottom: the observer will not say so again.
        if (this.moreOlder && this.footerNear()) requestAnimationFrame(() => guarded(() => this.older()));
      }
    }
  }

  // Fetches what is newer than the top row: for a stream that opened after the first page.
  async catchUp() {
    if (!this.loaded) return;
    const top = this.rows[0];
    if (!top || !this.atTop) return this.reload();
    const generation = this.generation;
    try {
      const page = await this.fetchPage({ order: 'asc', after: top.id, limit: 1000 });
      if (generation !== this.generation) return;
      if (page.more) return this.reload();
      for (const item of page.items) if (!this.byId.has(this.idOf(item))) this.insert(item, 'top');
      this.total = Math.max(this.total, page.total ?? 0);
      this.trim('bottom');
      this.changed();
    } catch (error) {
      if (isUnknownCursor(error)) return this.reload();
      throw error;
    }
  }

  // A live item (from the event stream).
  add(item) {
    if (!this.loaded && !this.loading) return; // the first fetch will bring it
    if (this.queued.length >= 5000) {
      // A hidden tab gets no frames: past this many, refetching is cheaper than catching up.
      this.queued = [];
      this.overflowed = true;
    }
    this.queued.push(item);
    if (!this.loading) this.flushSoon();
  }

  // Applies queued live items once per frame, however fast they come.
  flushSoon() {
    if (this.flushing || this.queued.length === 0) return;
    this.flushing = true;
    requestAnimationFrame(() => {
      this.flushing = false;
      if (this.loading) return;
      if (this.overflowed && this.atTop) {
        this.overflowed = false;
        this.queued = [];
        return guarded(() => this.reload());
      }
      const items = this.queued.splice(0);
      let added = 0;
      for (const item of items) {
        if (this.byId.has(this.idOf(item)) || !this.matches(item)) continue;
        added++;
        if (this.atTop) this.insert(item, 'top');
        else this.newer++;
      }
      if (!added) return;
      this.total += added;
      this.trim('bottom');
      this.changed();
    });
  }

  // Updates the row of an item in place, if it is in the window: patch(item, rowElement).
  update(id, patch) {
    const row = this.byId.get(id);
    if (row) patch(row.item, row.el);
  }

  // --- selection, for the keyboard and the open item
  select(id, { focus = false } = {}) {
    this.byId.get(this.selectedId)?.el.classList.remove('selected');
    this.selectedId = id;
    const row = this.byId.get(id);
    if (!row) return;
    row.el.classList.add('selected');
    if (focus) (row.el.querySelector('a, button') ?? row.el).focus();
    row.el.scrollIntoView({ block: 'nearest' });
  }

  // Moves the selection by delta rows; returns the newly selected item.
  move(delta) {
    if (this.rows.length === 0) return null;
    const index = this.rows.findIndex((row) => row.id === this.selectedId);
    const next = index < 0 ? 0 : Math.max(0, Math.min(this.rows.length - 1, index + delta));
    if (delta > 0 && index === this.rows.length - 1 && this.moreOlder) guarded(() => this.older());
    this.select(this.rows[next].id, { focus: true });
    return this.rows[next].item;
  }

  selectedItem() {
    return this.byId.get(this.selectedId)?.item ?? null;
  }

  // --- internals
  replaceRows(items) {
    this.rows = [];
    this.byId.clear();
    const fragment = document.createDocumentFragment();
    for (const item of items) {
      const row = this.makeRow(item);
      this.rows.push(row);
      fragment.append(row.el);
    }
    this.list.replaceChildren(fragment);
    if (this.selectedId) this.select(this.selectedId);
  }

  makeRow(item) {
    const row = { id: this.idOf(item), item, el: this.renderRow(item) };
    this.byId.set(row.id, row);
    if (row.id === this.selectedId) row.el.classList.add('selected');
    return row;
  }

  insert(item, where) {
    const row = this.makeRow(item);
    if (where === 'top') {
      this.rows.unshift(row);
      this.list.prepend(row.el);
    } else {
      this.rows.push(row);
      this.list.append(row.el);
    }
  }

  // Keeps the window at maxRows by dropping rows from one end.
  trim(end) {
    while (this.rows.length > this.maxRows) {
      const row = end === 'top' ? this.rows.shift() : this.rows.pop();
      row.el.remove();
      this.byId.delete(row.id);
      if (end === 'top') this.atTop = false;
      else this.moreOlder = true;
    }
  }

  changed() {
    this.newerBar.hidden = this.atTop;
    fill(this.newerBar, this.newer ? `↑ ${this.newer} newer ${this.noun}s · show the newest` : '↑ Back to the newest');
    if (this.loading) fill(this.footer, h('span', { class: 'muted' }, 'Loading…'));
    else if (this.moreOlder) fill(this.footer, this.olderButton);
    else if (this.loaded && this.rows.length === 0) fill(this.footer, h('span', { class: 'muted empty' }, `No ${this.noun}s.`));
    else if (this.loaded) fill(this.footer, h('span', { class: 'muted' }, `End of the list (${this.rows.length} shown)`));
    this.onChange?.(this);
  }
}

function isUnknownCursor(error) {
  return error instanceof ApiError && error.code === 'invalid_parameter' && ['before', 'after'].includes(error.field);
}
