// Supervision console: reads /actuator/supervision (relative to this page, so any base path,
// management port or proxy prefix works), follows the live stream, and acts on nodes.
// Plain JavaScript, nothing to build; fields are read defensively (names and formats may grow).
'use strict';

(() => {
  const consoleUrl = new URL('.', window.location.href);
  const base = new URL('..', consoleUrl).href.replace(/\/$/, '');
  const PAGE = 200;
  const ROW = 28;
  const HISTORY_PAGE = 20;
  // limit=0 would leave out static children too; 1 lists them all and one child of a dynamic supervisor.
  const TREE_LIMIT = 1;
  const FEED_MAX = 60;

  const state = {
    session: { writable: false },
    trees: [],
    selected: null,
    selectedNode: null,
    focused: null,
    collapsed: new Set(),
    historyOffset: 0,
    list: null,
    dirtyTrees: new Set(),
    dirtyAll: false,
    detailsDirty: false,
    flushTimer: null,
    // Refreshes are spaced by three times the last one's duration: a busy server is read less often.
    gap: 120,
    flushing: false,
    stream: null,
    retry: 1000,
    lastEventId: null,
    firstRender: false,
  };

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // ---- values -------------------------------------------------------------------------

  const str = (value) => (value === undefined || value === null) ? '' : String(value);
  const num = (value, fallback = 0) => (typeof value === 'number' && isFinite(value)) ? value : fallback;
  const stateOf = (node) => str(node && node.state).toLowerCase() || 'unknown';
  const typeOf = (node) => str(node && (node.type || node.kind)).toLowerCase();
  const isDynamic = (node) => typeOf(node).includes('dynamic');
  const isSupervisor = (node) => !!(node && node.supervisor) || typeOf(node).includes('supervisor') || isDynamic(node);
  const supervisorOf = (node) => (node && node.supervisor) || {};
  const childrenOf = (node) => Array.isArray(node && node.children) ? node.children : [];
  const treeName = (path) => str(path).split('/')[0];

  function parseDuration(value) {
    if (value === undefined || value === null) return null;
    if (typeof value === 'number') return value * 1000;
    const text = String(value).trim();
    if (/^(infinity|inf|∞)$/i.test(text)) return Infinity;
    const iso = /^-?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
    if (iso) {
      const [, d, h, m, s] = iso.map((part) => parseFloat(part || '0'));
      return (((d * 24 + h) * 60 + m) * 60 + s) * 1000;
    }
    let total = 0;
    let matched = false;
    const units = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
    text.replace(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/gi, (_, amount, unit) => {
      matched = true;
      total += parseFloat(amount) * units[unit.toLowerCase()];
      return '';
    });
    return matched ? total : null;
  }

  function formatDuration(ms) {
    if (ms === null || ms === undefined) return '';
    if (ms === Infinity) return 'infinity';
    if (ms < 1) return `${Math.round(ms * 1000)} µs`;
    if (ms < 1000) return `${Math.round(ms * 10) / 10} ms`;
    if (ms < 60000) return `${Math.round(ms / 100) / 10} s`;
    const minutes = Math.floor(ms / 60000);
    const seconds = Math.round((ms % 60000) / 1000);
    return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }

  function formatTime(value) {
    const date = new Date(value);
    return isNaN(date) ? str(value) : date.toLocaleTimeString();
  }

  function formatAgo(value) {
    const date = new Date(value);
    if (isNaN(date)) return str(value);
    const seconds = Math.round((Date.now() - date.getTime()) / 1000);
    if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
    return date.toLocaleString();
  }

  const number = (value) => num(value).toLocaleString('en-US');

  // ---- HTTP ---------------------------------------------------------------------------

  function nodeUrl(path, params) {
    const encoded = str(path).split('/').map(encodeURIComponent).join('/');
    const query = params ? `?${new URLSearchParams(params)}` : '';
    return `${base}/${encoded}${query}`;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) {
      const error = new Error(`${response.status} ${response.statusText}`);
      error.status = response.status;
      try { error.body = await response.json(); } catch (ignored) { /* not JSON */ }
      throw error;
    }
    return response.json();
  }

  async function post(path, action) {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const csrf = state.session.csrf;
    if (csrf && csrf.headerName && csrf.token) headers[csrf.headerName] = csrf.token;
    const response = await fetch(nodeUrl(path), {
      method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ action }),
    });
    let body = null;
    try { body = await response.json(); } catch (ignored) { /* empty or not JSON */ }
    return { status: response.status, ok: response.ok, body };
  }

  // ---- loading ------------------------------------------------------------------------

  async function loadSession() {
    try {
      state.session = await getJson(`${consoleUrl}session`);
    }
    catch (error) {
      state.session = { writable: false };
    }
    const who = state.session.principal ? ` as ${state.session.principal}` : '';
    $('mode').textContent = (state.session.writable ? 'Operator actions enabled' : 'Read-only') + who;
    document.body.dataset.writable = String(!!state.session.writable);
  }

  async function loadRecent() {
    try {
      const recent = await getJson(`${base}?history=true&limit=${FEED_MAX}`);
      const events = Array.isArray(recent.events) ? recent.events : [];
      $('events').replaceChildren();
      events.slice().reverse().forEach(feed);
    }
    catch (error) {
      // No history kept: the feed starts empty.
    }
  }

  async function loadAll() {
    const data = await getJson(`${base}?limit=${TREE_LIMIT}`);
    state.trees = Array.isArray(data.trees) ? data.trees : [];
    renderTree();
    await refreshDetails();
    if (!state.firstRender) {
      state.firstRender = true;
      loadRecent();
      document.body.dataset.firstRenderMs = String(Math.round(performance.now()));
    }
  }

  async function loadTree(name) {
    try {
      const node = await getJson(nodeUrl(name, { limit: TREE_LIMIT }));
      const index = state.trees.findIndex((tree) => tree.path === name || tree.id === name);
      if (index >= 0) state.trees[index] = node; else state.trees.push(node);
    }
    catch (error) {
      if (error.status === 404) state.trees = state.trees.filter((tree) => tree.path !== name);
      else throw error;
    }
  }

  function scheduleRefresh(path) {
    if (path === null) state.dirtyAll = true; else state.dirtyTrees.add(treeName(path));
    if (state.selected && (path === null || treeName(path) === treeName(state.selected))) state.detailsDirty = true;
    if (!state.flushTimer) state.flushTimer = setTimeout(flush, state.gap);
  }

  async function flush() {
    state.flushTimer = null;
    if (state.flushing) {
      state.flushTimer = setTimeout(flush, state.gap);
      return;
    }
    state.flushing = true;
    const started = performance.now();
    const all = state.dirtyAll;
    const trees = [...state.dirtyTrees];
    const details = state.detailsDirty;
    state.dirtyAll = false;
    state.dirtyTrees.clear();
    state.detailsDirty = false;
    try {
      if (all) await loadAll();
      else {
        for (const name of trees) await loadTree(name);
        renderTree();
        if (details) await refreshDetails();
      }
    }
    catch (error) {
      toast(`Could not refresh: ${error.message}`, 'error');
    }
    finally {
      state.flushing = false;
      state.gap = Math.min(Math.max(120, 3 * (performance.now() - started)), 700);
    }
  }

  // ---- the tree -----------------------------------------------------------------------

  function renderTree() {
    const tree = $('tree');
    const hadFocus = tree.contains(document.activeElement);
    const items = [];
    tree.replaceChildren(...state.trees.map((node) => treeItem(node, 1, items)));
    const counts = {};
    let nodes = 0;
    const walk = (node) => {
      nodes += 1;
      counts[stateOf(node)] = (counts[stateOf(node)] || 0) + 1;
      childrenOf(node).forEach(walk);
    };
    state.trees.forEach(walk);
    $('summary').textContent = `${state.trees.length} trees, ${nodes} nodes`
      + (counts.failed ? `, ${counts.failed} failed` : '') + (counts.restarting ? `, ${counts.restarting} restarting` : '');
    const focusPath = state.focused || state.selected || (state.trees[0] && state.trees[0].path);
    const focusItem = items.find((item) => item.dataset.path === focusPath) || items[0];
    if (focusItem) {
      focusItem.tabIndex = 0;
      if (hadFocus) focusItem.focus();
    }
    updateCountdowns();
  }

  function treeItem(node, level, items) {
    const path = str(node.path || node.id);
    const nodeState = stateOf(node);
    const sup = supervisorOf(node);
    const children = isDynamic(node) ? [] : childrenOf(node);
    const expanded = children.length > 0 ? !state.collapsed.has(path) : null;
    const label = [str(node.id || path), typeOf(node), nodeState, `incarnation ${num(node.incarnation)}`,
      `${num(node.restartCount)} restarts`].join(', ');
    const item = el('li', {
      role: 'treeitem', 'data-path': path, 'data-state': nodeState, 'aria-level': level,
      'aria-selected': String(state.selected === path), 'aria-expanded': expanded === null ? null : String(expanded),
      'aria-label': label, tabindex: '-1',
    });
    items.push(item);
    const row = el('div', { class: 'row' },
      el('span', { class: 'twisty', 'aria-hidden': 'true', text: expanded === null ? '' : (expanded ? '▾' : '▸') }),
      el('span', { class: `state state-${nodeState}`, text: nodeState }),
      el('span', { class: 'name', text: str(node.id || path) }),
      el('span', { class: 'type', text: typeOf(node) }),
      el('span', { class: 'meta', text: `#${num(node.incarnation)} · ${num(node.restartCount)} restarts` }));
    if (isSupervisor(node)) {
      row.append(gauge(sup));
      if (isDynamic(node)) row.append(el('span', { class: 'counts', text: countsText(sup) }));
      row.append(el('span', { class: 'shutdown', text: `stops within ${shutdownText(sup)}` }));
    }
    if (node.nextRestartAt) {
      row.append(el('span', { class: 'backoff', 'data-next-restart': str(node.nextRestartAt) }));
    }
    row.addEventListener('click', () => {
      state.focused = path;
      select(path);
    });
    item.append(row);
    if (expanded !== null) {
      const group = el('ul', { role: 'group' });
      if (expanded) children.forEach((child) => group.append(treeItem(child, level + 1, items)));
      item.append(group);
    }
    return item;
  }

  function countsText(sup) {
    const total = num(sup.totalChildren);
    const byState = sup.childrenByState || {};
    const parts = Object.entries(byState).map(([name, count]) => `${number(count)} ${name}`);
    return `${number(total)} children${parts.length ? `: ${parts.join(', ')}` : ''}`;
  }

  function shutdownText(sup) {
    if (!('worstCaseShutdown' in sup) || sup.worstCaseShutdown === null) return 'infinity';
    return formatDuration(parseDuration(sup.worstCaseShutdown));
  }

  function gauge(sup) {
    const intensity = num(sup.intensity);
    const used = num(sup.restartsInWindow);
    const period = formatDuration(parseDuration(sup.period));
    const ratio = intensity > 0 ? Math.min(used / intensity, 1) : (used > 0 ? 1 : 0);
    const bar = el('span', {
      class: 'gauge', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': Math.max(intensity, 1), 'aria-valuenow': used,
      'aria-label': `Restarts in the last ${period}: ${used} of ${intensity} allowed`,
      'data-level': ratio >= 1 ? 'full' : (ratio >= 0.5 ? 'warn' : 'ok'),
    }, el('span'));
    bar.firstChild.style.width = `${Math.round(ratio * 100)}%`;
    return el('span', { class: 'intensity', title: `restarts in window / intensity (period ${period})` },
      bar, `${used}/${intensity} in ${period}`);
  }

  function visibleItems() {
    return [...$('tree').querySelectorAll('[role="treeitem"]')].filter((item) => item.offsetParent !== null);
  }

  function moveFocus(item) {
    if (!item) return;
    for (const other of $('tree').querySelectorAll('[role="treeitem"][tabindex="0"]')) other.tabIndex = -1;
    item.tabIndex = 0;
    item.focus();
    state.focused = item.dataset.path;
  }

  $('tree').addEventListener('keydown', (event) => {
    const item = event.target.closest('[role="treeitem"]');
    if (!item) return;
    const items = visibleItems();
    const index = items.indexOf(item);
    const path = item.dataset.path;
    const expanded = item.getAttribute('aria-expanded');
    switch (event.key) {
      case 'ArrowDown': moveFocus(items[index + 1]); break;
      case 'ArrowUp': moveFocus(items[index - 1]); break;
      case 'Home': moveFocus(items[0]); break;
      case 'End': moveFocus(items[items.length - 1]); break;
      case 'ArrowRight':
        if (expanded === 'false') { state.collapsed.delete(path); renderTree(); moveFocus(findItem(path)); }
        else if (expanded === 'true') moveFocus(items[index + 1]);
        break;
      case 'ArrowLeft':
        if (expanded === 'true') { state.collapsed.add(path); renderTree(); moveFocus(findItem(path)); }
        else moveFocus(item.parentElement.closest('[role="treeitem"]'));
        break;
      case 'Enter':
      case ' ':
        select(path);
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  const findItem = (path) => [...$('tree').querySelectorAll('[role="treeitem"]')].find((item) => item.dataset.path === path);

  // ---- details ------------------------------------------------------------------------

  async function select(path) {
    if (state.selected !== path) {
      state.historyOffset = 0;
      state.list = null;
    }
    state.selected = path;
    for (const item of $('tree').querySelectorAll('[role="treeitem"]')) {
      item.setAttribute('aria-selected', String(item.dataset.path === path));
    }
    await refreshDetails();
  }

  async function refreshDetails() {
    const path = state.selected;
    if (!path) return;
    let node = null;
    let history = null;
    try {
      node = await getJson(nodeUrl(path, { limit: TREE_LIMIT }));
    }
    catch (error) {
      if (error.status !== 404) throw error;
    }
    try {
      history = await getJson(nodeUrl(path, { history: true, offset: state.historyOffset, limit: HISTORY_PAGE }));
    }
    catch (error) {
      history = null;
    }
    if (state.selected !== path) return;
    state.selectedNode = node;
    renderDetails(path, node, history);
  }

  function renderDetails(path, node, history) {
    $('details-title').textContent = path;
    $('details-hint').hidden = true;
    const body = $('details-body');
    const parts = [];
    if (!node) {
      parts.push(el('p', { class: 'muted', text: 'This node is gone (a dynamic child that ended, or a deleted child). Its history is kept:' }));
    }
    else {
      parts.push(actions(path, node));
      parts.push(facts(node));
      if (isDynamic(node)) parts.push(childList(path, node));
    }
    parts.push(historySection(path, history));
    body.replaceChildren(...parts.filter(Boolean));
    if (state.list) renderList();
    updateCountdowns();
  }

  function facts(node) {
    const sup = supervisorOf(node);
    const rows = [
      ['State', el('span', { class: `state state-${stateOf(node)}`, text: stateOf(node) })],
      ['Type', typeOf(node)],
      ['Restart', str(node.restart) || (str(node.path).includes('/') ? '' : 'root tree')],
      ['Incarnation', num(node.incarnation)],
      ['Since', node.since ? `${formatTime(node.since)} (${formatAgo(node.since)})` : ''],
      ['Restarts', num(node.restartCount)],
      ['Shutdown', str(node.shutdown)],
      ['Significant', node.significant ? 'yes' : 'no'],
    ];
    if (node.nextRestartAt) rows.push(['Next restart', el('span', { class: 'backoff', 'data-next-restart': str(node.nextRestartAt) })]);
    const exit = node.lastExit;
    if (exit) {
      rows.push(['Last exit', [str(exit.reason), exit.detail ? ` (${exit.detail})` : '', exit.at ? ` at ${formatTime(exit.at)}` : ''].join('')]);
      if (exit.exception) rows.push(['Exception', el('span', { class: 'error-class', text: str(exit.exception) })]);
      if (exit.message) rows.push(['Message', str(exit.message)]);
    }
    if (isSupervisor(node)) {
      if (sup.strategy) rows.push(['Strategy', str(sup.strategy)]);
      rows.push(['Intensity', gauge(sup)]);
      rows.push(['Children', countsText(sup)]);
      if (sup.maxChildren !== undefined && sup.maxChildren !== null) rows.push(['Max children', number(sup.maxChildren)]);
      rows.push(['Worst-case shutdown', shutdownText(sup)]);
    }
    return el('dl', { class: 'facts' }, rows.filter(([, value]) => value !== '').map(([name, value]) => [el('dt', { text: name }), el('dd', {}, value)]));
  }

  function actions(path, node) {
    if (!state.session.writable) return null;
    const root = !str(node.path || path).includes('/');
    const nodeState = stateOf(node);
    const running = ['running', 'starting', 'restarting', 'delayed'].includes(nodeState);
    const available = root
      ? [['restart', 'Restart tree'], running ? ['terminate', 'Stop tree'] : ['start', 'Start tree']]
      : [['restart', 'Restart'], running ? ['terminate', 'Terminate'] : ['start', 'Start'], !running ? ['delete', 'Delete'] : null];
    return el('div', { class: 'actions', role: 'group', 'aria-label': 'Operator actions' },
      available.filter(Boolean).map(([action, label]) => el('button', {
        type: 'button', 'data-action': action, class: action === 'restart' ? '' : 'plain',
        onclick: () => confirmAction(path, action, label),
      }, label)));
  }

  const EXPLAIN = {
    restart: 'It is stopped if it runs, then started again as a new incarnation. An operator restart does not count against intensity.',
    terminate: 'It is stopped with its shutdown and stays stopped until started again.',
    start: 'A stopped node is started again.',
    delete: 'Its specification is removed from its supervisor.',
  };

  function confirmAction(path, action, label) {
    const dialog = $('confirm');
    $('confirm-title').textContent = `${label}: ${path}?`;
    $('confirm-text').textContent = EXPLAIN[action] || '';
    $('confirm-ok').textContent = label;
    const done = async (confirmed) => {
      $('confirm-ok').onclick = null;
      $('confirm-cancel').onclick = null;
      dialog.close();
      if (confirmed) await act(path, action, label);
    };
    $('confirm-ok').onclick = () => done(true);
    $('confirm-cancel').onclick = () => done(false);
    dialog.showModal();
    $('confirm-cancel').focus();
  }

  async function act(path, action, label) {
    let result;
    try {
      result = await post(path, action);
    }
    catch (error) {
      toast(`${label} ${path}: ${error.message}`, 'error');
      return;
    }
    const message = result.body && (result.body.message || (result.body.state ? `now ${result.body.state}` : ''));
    if (result.ok) toast(`${label} ${path}: done${message ? ` (${message})` : ''}`);
    else if (result.status === 403) toast(`${label} ${path} refused (403): not allowed, or the CSRF token expired; reload the page`, 'error');
    else if (result.status === 405) toast(`${label} ${path} refused (405): the endpoint is read-only`, 'error');
    else toast(`${label} ${path} refused (${result.status}): ${message || 'no reason given'}`, 'error');
    document.body.dataset.lastActionStatus = String(result.status);
    scheduleRefresh(path);
  }

  // ---- dynamic children: counts, a virtual list, search by id --------------------------

  function childList(path, node) {
    const sup = supervisorOf(node);
    const total = num(sup.totalChildren, childrenOf(node).length);
    if (!state.list || state.list.path !== path) {
      state.list = { path, total, pages: new Map(), loading: new Set(), active: 0, started: performance.now() };
    }
    else {
      state.list.total = total;
      state.list.pages.clear();
    }
    const input = el('input', { id: 'child-search', type: 'search', autocomplete: 'off', placeholder: 'e.g. b-42' });
    const result = el('p', { id: 'search-result', role: 'status', class: 'muted' });
    const find = async () => {
      const id = input.value.trim();
      if (!id) return;
      try {
        await getJson(nodeUrl(`${path}/${id}`, { limit: TREE_LIMIT }));
        result.textContent = `Found ${id}.`;
        await select(`${path}/${id}`);
      }
      catch (error) {
        result.textContent = error.status === 404 ? `No child '${id}' under ${path}.` : `Search failed: ${error.message}`;
      }
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); find(); }
    });
    const list = el('div', {
      id: 'children', class: 'vlist', role: 'listbox', tabindex: '0',
      'aria-label': `Children of ${path}, ${number(total)} in all`,
    }, el('div', { class: 'spacer' }));
    list.addEventListener('scroll', () => renderList());
    list.addEventListener('keydown', listKeys);
    return el('section', { class: 'children', 'aria-labelledby': 'children-title' },
      el('h3', { id: 'children-title', text: `Children (${number(total)})` }),
      el('div', { class: 'chips' }, Object.entries(sup.childrenByState || {}).map(([name, count]) =>
        el('span', { class: `chip state-${name}`, text: `${name}: ${number(count)}` }))),
      el('div', { class: 'search' }, el('label', { for: 'child-search', text: 'Find a child by id' }), input,
        el('button', { type: 'button', onclick: find }, 'Find')),
      result, list);
  }

  function renderList() {
    const list = $('children');
    const model = state.list;
    if (!list || !model) return;
    list.firstChild.style.height = `${model.total * ROW}px`;
    const first = Math.max(0, Math.floor(list.scrollTop / ROW) - 5);
    const last = Math.min(model.total - 1, Math.ceil((list.scrollTop + list.clientHeight) / ROW) + 5);
    const rows = [];
    for (let index = first; index <= last; index += 1) {
      const page = Math.floor(index / PAGE);
      const children = model.pages.get(page);
      if (!children) {
        loadPage(page);
        continue;
      }
      const child = children[index - page * PAGE];
      if (child) rows.push(listRow(child, index, model));
    }
    list.replaceChildren(list.firstChild, ...rows);
    const active = rows.find((row) => row.dataset.index === String(model.active));
    list.setAttribute('aria-activedescendant', active ? active.id : '');
    if (rows.length && !document.body.dataset.listRenderMs) {
      document.body.dataset.listRenderMs = String(Math.round(performance.now() - model.started));
    }
  }

  function listRow(child, index, model) {
    const path = str(child.path);
    const row = el('div', {
      id: `child-${index}`, class: `vrow${index === model.active ? ' active' : ''}`, role: 'option',
      'aria-posinset': index + 1, 'aria-setsize': model.total, 'aria-selected': String(state.selected === path),
      'data-index': index, 'data-path': path, 'data-state': stateOf(child),
    },
    el('span', { class: 'idx', text: `#${number(index + 1)}` }),
    el('span', { class: `state state-${stateOf(child)}`, text: stateOf(child) }),
    el('span', { class: 'name', text: str(child.id) }),
    el('span', { class: 'meta', text: `#${num(child.incarnation)} · ${num(child.restartCount)} restarts` }));
    row.style.top = `${index * ROW}px`;
    row.addEventListener('click', () => {
      model.active = index;
      select(path);
    });
    return row;
  }

  async function loadPage(page) {
    const model = state.list;
    if (model.loading.has(page)) return;
    model.loading.add(page);
    try {
      const node = await getJson(nodeUrl(model.path, { offset: page * PAGE, limit: PAGE }));
      if (state.list !== model) return;
      model.pages.set(page, childrenOf(node));
      renderList();
    }
    catch (error) {
      toast(`Could not load children: ${error.message}`, 'error');
    }
    finally {
      model.loading.delete(page);
    }
  }

  function listKeys(event) {
    const model = state.list;
    if (!model || model.total === 0) return;
    const list = event.currentTarget;
    const visible = Math.max(1, Math.floor(list.clientHeight / ROW));
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: visible, PageUp: -visible };
    if (event.key in moves) model.active = Math.min(model.total - 1, Math.max(0, model.active + moves[event.key]));
    else if (event.key === 'Home') model.active = 0;
    else if (event.key === 'End') model.active = model.total - 1;
    else if (event.key === 'Enter') {
      const row = $(`child-${model.active}`);
      if (row) select(row.dataset.path);
      event.preventDefault();
      return;
    }
    else return;
    event.preventDefault();
    const top = model.active * ROW;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW - list.clientHeight;
    renderList();
  }

  // ---- history ------------------------------------------------------------------------

  function historySection(path, history) {
    const section = el('section', { class: 'history-section', 'aria-labelledby': 'history-title' },
      el('h3', { id: 'history-title', text: 'History (newest first)' }));
    if (!history) {
      section.append(el('p', { class: 'muted', text: 'No history is kept (supervision.history.enabled=false).' }));
      return section;
    }
    const events = Array.isArray(history.events) ? history.events : [];
    const total = num(history.total, events.length);
    if (events.length === 0) {
      section.append(el('p', { class: 'muted', text: 'No events yet.' }));
      return section;
    }
    const offset = num(history.offset);
    section.append(el('table', { class: 'history', id: 'history' },
      el('thead', {}, el('tr', {}, ['When', 'Event', 'Child', 'Details'].map((name) => el('th', { scope: 'col', text: name })))),
      el('tbody', {}, events.map((entry) => historyRow(entry)))));
    section.append(el('div', { class: 'pager', role: 'group', 'aria-label': 'History pages' },
      el('button', { type: 'button', disabled: offset === 0, onclick: () => pageHistory(-HISTORY_PAGE) }, 'Newer'),
      el('span', { text: `${offset + 1}–${offset + events.length} of ${total} (keeps ${num(history.size)})` }),
      el('button', { type: 'button', disabled: offset + events.length >= total, onclick: () => pageHistory(HISTORY_PAGE) }, 'Older')));
    return section;
  }

  function pageHistory(delta) {
    state.historyOffset = Math.max(0, state.historyOffset + delta);
    refreshDetails();
  }

  function describe(entry) {
    const parts = [];
    if (entry.type === 'action') parts.push(`${str(entry.action)} by ${str(entry.principal) || 'anonymous'}: ${str(entry.outcome)}`);
    if (entry.reason) parts.push(str(entry.reason));
    if (entry.incarnation) parts.push(`incarnation ${entry.incarnation}`);
    if (entry.duration) parts.push(formatDuration(parseDuration(entry.duration)));
    if (entry.detail) parts.push(str(entry.detail));
    return parts.join(' · ');
  }

  function historyRow(entry) {
    const details = el('td', {}, describe(entry));
    const error = entry.error;
    if (error) {
      details.append(errorDetails(error, true));
    }
    return el('tr', { 'data-type': str(entry.type), 'data-seq': str(entry.seq) },
      el('td', { text: formatTime(entry.at) }),
      el('td', { text: str(entry.type) }),
      el('td', { text: str(entry.child) }),
      details);
  }

  function errorDetails(error, open) {
    const summary = el('summary', {}, el('span', { class: 'error-class', text: str(error.exception) }),
      error.message ? `: ${error.message}` : '');
    const box = el('details', { class: 'error', open: open ? true : null }, summary);
    const frames = Array.isArray(error.frames) ? error.frames : [];
    if (frames.length) box.append(el('pre', { class: 'frames', text: frames.map((frame) => `at ${frame}`).join('\n') }));
    if (error.cause) {
      box.append(el('div', { class: 'muted', text: 'Caused by:' }), errorDetails(error.cause, false));
    }
    return box;
  }

  // ---- live stream --------------------------------------------------------------------

  function connect() {
    const url = new URL(`${consoleUrl}events`);
    if (state.lastEventId) url.searchParams.set('after', state.lastEventId);
    const stream = new EventSource(url.href, { withCredentials: true });
    state.stream = stream;
    stream.addEventListener('hello', async (event) => {
      setConnection('live', 'Live');
      state.retry = 1000;
      let hello = {};
      try { hello = JSON.parse(event.data); } catch (ignored) { /* keep defaults */ }
      if (!hello.resumed) {
        await loadSession();
        scheduleRefresh(null);
      }
    });
    stream.addEventListener('supervision', (event) => {
      state.lastEventId = event.lastEventId || state.lastEventId;
      let entry;
      try { entry = JSON.parse(event.data); } catch (ignored) { return; }
      feed(entry);
      scheduleRefresh(str(entry.path));
    });
    stream.addEventListener('dropped', (event) => {
      let count = '?';
      try { count = JSON.parse(event.data).count; } catch (ignored) { /* unknown */ }
      feedNote(`${count} events skipped (too many at once); the view was read again`);
      scheduleRefresh(null);
    });
    stream.addEventListener('error', () => {
      if (stream.readyState === EventSource.CLOSED) {
        setConnection('reconnecting', `Disconnected; retrying in ${Math.round(state.retry / 1000)} s`);
        setTimeout(() => { if (state.stream === stream) connect(); }, state.retry);
        state.retry = Math.min(state.retry * 2, 15000);
      }
      else {
        setConnection('reconnecting', 'Reconnecting…');
      }
    });
  }

  function setConnection(kind, text) {
    const node = $('connection');
    node.dataset.state = kind;
    node.textContent = text;
    document.body.dataset.connection = kind;
  }

  function feed(entry) {
    const list = $('events');
    const error = entry.error ? ` ${str(entry.error.exception).split('.').pop()}` : '';
    const who = entry.type === 'action' ? ` (${str(entry.action)} by ${str(entry.principal) || 'anonymous'})` : '';
    list.prepend(el('li', { 'data-type': str(entry.type) }, el('time', { text: formatTime(entry.at) }),
      `${str(entry.type)} ${str(entry.path)}${entry.reason ? ` ${entry.reason}` : ''}${error}${who}`));
    while (list.children.length > FEED_MAX) list.lastChild.remove();
  }

  function feedNote(text) {
    const list = $('events');
    list.prepend(el('li', { class: 'muted' }, el('time', { text: formatTime(Date.now()) }), text));
  }

  // ---- small things -------------------------------------------------------------------

  let toastTimer = null;

  function toast(text, kind) {
    const node = $('toast');
    node.textContent = text;
    node.dataset.kind = kind || 'info';
    node.classList.add('shown');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => node.classList.remove('shown'), kind === 'error' ? 10000 : 5000);
  }

  function updateCountdowns() {
    for (const node of document.querySelectorAll('[data-next-restart]')) {
      const at = new Date(node.dataset.nextRestart).getTime();
      const left = at - Date.now();
      node.textContent = isNaN(at) ? '' : (left > 0 ? `restart in ${formatDuration(left)}` : 'restarting now');
    }
  }

  const THEMES = ['auto', 'light', 'dark'];

  function applyTheme(theme) {
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    const button = $('theme');
    button.textContent = `Theme: ${theme}`;
    button.setAttribute('aria-label', `Colour theme: ${theme === 'auto' ? 'automatic' : theme}; press to change`);
  }

  $('theme').addEventListener('click', () => {
    let current = 'auto';
    try { current = localStorage.getItem('supervision-console-theme') || 'auto'; } catch (ignored) { /* private mode */ }
    const next = THEMES[(THEMES.indexOf(current) + 1) % THEMES.length];
    try { localStorage.setItem('supervision-console-theme', next); } catch (ignored) { /* private mode */ }
    applyTheme(next);
  });

  $('confirm').addEventListener('cancel', () => { $('confirm-ok').onclick = null; });

  async function start() {
    let theme = 'auto';
    try { theme = localStorage.getItem('supervision-console-theme') || 'auto'; } catch (ignored) { /* private mode */ }
    applyTheme(theme);
    setInterval(updateCountdowns, 500);
    await loadSession();
    connect();
    try {
      await loadAll();
    }
    catch (error) {
      toast(`Could not read ${base}: ${error.message}`, 'error');
    }
  }

  start();
})();
