// The VIP page: reads /api/virtual-servers (the adapter's polled view), searches it, drains and enables members.
// Same origin only; the browser's basic-auth login covers every call, the CSRF token covers the POSTs.
'use strict';

const api = path => location.origin + path;
const search = document.getElementById('search');
const rows = document.querySelector('#vips tbody');
let csrf = null;
// A viewer reads the page; only an operator gets Drain / Enable buttons (the adapter refuses a viewer's action anyway).
let canOperate = false;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([name, value]) => {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  });
  children.flat().forEach(child => node.append(child instanceof Node ? child : String(child ?? '')));
  return node;
}

// A state as a class name: "OUT OF SERVICE" -> "s-out-of-service".
const stateClass = state => 'state s-' + String(state).toLowerCase().replace(/[^a-z0-9]+/g, '-');

function showMessage(text) {
  const message = document.getElementById('message');
  message.textContent = text || '';
  message.hidden = !text;
}

async function loadOperator() {
  const response = await fetch(api('/api/operator'), {credentials: 'same-origin'});
  if (!response.ok) throw new Error('login needed (' + response.status + ')');
  const operator = await response.json();
  csrf = {header: operator.csrfHeader, token: operator.csrfToken};
  canOperate = operator.operator;
  document.getElementById('operator').textContent = (canOperate ? 'operator: ' : 'viewer: ') + operator.name;
}

async function load() {
  const query = search.value.trim();
  const response = await fetch(api('/api/virtual-servers' + (query ? '?q=' + encodeURIComponent(query) : '')),
      {credentials: 'same-origin'});
  if (!response.ok) {
    showMessage('Cannot read the VIP view: HTTP ' + response.status);
    return;
  }
  const view = await response.json();
  if (search.value.trim() !== query) return; // typed on meanwhile: a newer load follows
  renderDevices(view.devices);
  renderServers(view.virtualServers);
  document.body.dataset.query = query;
  document.getElementById('count').textContent = view.virtualServers.length + ' virtual servers';
}

function renderDevices(devices) {
  document.getElementById('devices').replaceChildren(...devices.map(device => el('li',
      {'data-device': device.name, class: device.lastError ? 'error' : null},
      el('strong', null, device.name), ' ',
      el('span', {class: 'age'}, device.ageSeconds === null ? 'never read'
          : 'read ' + Math.round(device.ageSeconds) + ' s ago'),
      device.lastError ? el('span', {class: 'last-error'}, ' · last poll failed: ' + device.lastError) : '')));
}

function renderServers(servers) {
  rows.replaceChildren(...servers.map(vs => el('tr',
      {'data-vip': vs.device + '/' + vs.partition + '/' + vs.name},
      el('td', null, vs.device), el('td', null, vs.partition), el('td', {class: 'name'}, vs.name),
      el('td', {class: 'address'}, vs.address + ':' + vs.port), el('td', null, vs.protocol),
      el('td', {class: 'admin'}, vs.enabled ? 'enabled' : 'disabled'),
      el('td', null, el('span', {class: stateClass(vs.state)}, vs.state)),
      el('td', {class: 'pool'}, vs.pool ?? '—'),
      originCell(vs),
      el('td', null, vs.poolError ? el('span', {class: 'error'}, vs.poolError)
          : el('ul', null, vs.members.map(member => memberItem(vs, member)))))));
}

// Declared in git (by which config commit, from the VIP's ownership mark), made by hand, or being removed.
function originCell(vs) {
  if (vs.origin === 'HAND_MADE') {
    return el('td', {class: 'origin hand-made', 'data-origin': vs.origin}, 'made by hand');
  }
  if (vs.origin === 'REMOVING') {
    return el('td', {class: 'origin removing', 'data-origin': vs.origin},
        'no longer declared: being removed', vs.declaredBy ? el('span', {class: 'commit', title: vs.declaredBy},
            ' (was ' + vs.declaredBy.substring(0, 7) + ')') : '');
  }
  return el('td', {class: 'origin declared', 'data-origin': vs.origin}, 'declared by ',
      vs.declaredBy ? el('span', {class: 'commit', title: vs.declaredBy}, vs.declaredBy.substring(0, 7))
          : el('span', {class: 'commit unknown'}, 'an earlier commit (not recorded)'));
}

function memberItem(vs, member) {
  const target = {device: vs.device, partition: vs.poolPartition, pool: vs.pool, member: member.member};
  const action = member.state === 'ENABLED' ? 'drain' : 'enable';
  return el('li', {'data-member': [vs.device, vs.poolPartition, vs.pool, member.member].join('/')},
      el('span', {class: 'address'}, member.member),
      el('span', {class: stateClass(member.state)}, member.state),
      // F5 ratio or NetScaler weight: set from the gateway's canary split on the pools of declared VIPs.
      el('span', {class: 'ratio', title: 'ratio (F5) / weight (NetScaler)'}, 'ratio ' + member.weight),
      member.connections === null ? '' : el('span', null, member.connections + ' conn'),
      member.heldBy ? el('span', {class: 'held'}, 'held by ' + member.heldBy) : '',
      canOperate ? Object.assign(el('button', {class: action, type: 'button'}, action === 'drain' ? 'Drain' : 'Enable'),
          {onclick: () => act(action, target)}) : '');
}

async function act(action, target) {
  showMessage('');
  const response = await fetch(api('/api/members/' + action), {
    method: 'POST', credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', [csrf.header]: csrf.token},
    body: JSON.stringify(target)});
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    showMessage(action + ' ' + target.member + ' failed: ' + (problem.detail || 'HTTP ' + response.status));
  }
  await load();
}

let typing = null;
search.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => load().catch(e => showMessage(e.message)), 200);
});

loadOperator().then(load).catch(e => showMessage(e.message));
// The view is polled by the adapter; reading it again is cheap.
setInterval(() => load().catch(e => showMessage(e.message)), 5000);
