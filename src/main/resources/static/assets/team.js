// Quota Broker team page (issue #15). Plain browser JavaScript, no build step.
// The API key lives in sessionStorage only and is sent as a bearer token to this origin.
'use strict';

(function () {
  const KEY_STORAGE = 'quotaBroker.apiKey';
  const STATUS_WORDS = {
    GREEN: 'plenty left',
    YELLOW: 'filling up',
    ORANGE: 'running low',
    RED: 'nearly or fully used'
  };
  const STATUS_MARKS = { GREEN: '\u2713', YELLOW: '!', ORANGE: '!!', RED: '\u2715' };
  // Events refresh the page at once; a slow timer catches usage, which is not streamed.
  const POLL_MS = 60000;
  const EVENT_DEBOUNCE_MS = 400;

  const $ = (id) => document.getElementById(id);
  const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
  const timeFormat = new Intl.DateTimeFormat(undefined, {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'
  });
  const hourFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';

  const state = {
    key: null,
    me: null,
    teamId: null,
    availability: null,
    stream: null,
    refreshTimer: null,
    debounce: null,
    signIns: 0,
    generation: 0
  };

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(path, options) {
    const init = Object.assign({ headers: {} }, options || {});
    init.headers = Object.assign({ Authorization: 'Bearer ' + state.key, Accept: 'application/json' }, init.headers);
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
      throw new ApiError(0, { detail: 'The service could not be reached (' + e.message + ').' });
    }
    const text = await response.text();
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = { detail: text.slice(0, 200) };
      }
    }
    if (!response.ok) {
      throw new ApiError(response.status, body);
    }
    return body;
  }

  // ---- formatting ----------------------------------------------------------

  function amount(value) {
    return value === null || value === undefined ? '\u2013' : numberFormat.format(Number(value));
  }

  function unitWord(unit) {
    return unit ? String(unit).toLowerCase().replace(/_/g, ' ') : '';
  }

  function when(instant) {
    return instant ? timeFormat.format(new Date(instant)) : '\u2013';
  }

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (name === 'text') {
        node.textContent = value;
      } else if (name === 'className') {
        node.className = value;
      } else {
        node.setAttribute(name, value === true ? '' : value);
      }
    });
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  function svg(tag, attributes, children) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  function showMessage(text, kind) {
    const box = $('message');
    box.textContent = text;
    box.className = 'message' + (kind ? ' ' + kind : '');
    box.hidden = !text;
  }

  function table(caption, headers, rows, className) {
    const head = el('thead', {}, [el('tr', {}, headers.map((h) => el('th', {
      scope: 'col', className: h.num ? 'num' : null, text: h.label
    })))]);
    const body = el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((cell, i) => el('td', {
      className: headers[i].num ? 'num' : null, 'data-label': headers[i].label, text: cell
    })))));
    // A scrolling region gets a tab stop, so that keyboard users can scroll it.
    return el('div', { className: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, [
      el('table', { className: 'stack ' + (className || '') }, [el('caption', { text: caption }), head, body])
    ]);
  }

  // ---- signing in ----------------------------------------------------------

  // A later sign-in (or Forget key) makes an earlier one still under way stop.
  async function signIn(key) {
    const attempt = ++state.signIns;
    state.key = key;
    showMessage('');
    let me;
    try {
      me = await api('/api-keys/current');
    } catch (e) {
      if (attempt !== state.signIns) {
        return;
      }
      forgetKey(false);
      if (e.status === 401) {
        showMessage('This API key was not accepted: ' + e.message + '. Check that you pasted the whole key '
          + '(it starts with "qb_" for issued keys) and that it has not been revoked or expired.');
      } else {
        showMessage('Could not sign in: ' + e.message);
      }
      $('api-key').focus();
      return;
    }
    if (attempt !== state.signIns) {
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, key);
    state.me = me;
    $('who').textContent = me.role === 'ADMIN' ? 'Signed in with an ADMIN key (' + me.keyId + ')'
      : 'Signed in with a ' + me.role + ' key of team ' + me.teamId + ' (' + me.keyId + ')';
    $('who').hidden = false;
    let teams;
    try {
      teams = await api('/teams');
    } catch (e) {
      if (attempt === state.signIns) {
        showMessage('Could not list teams: ' + e.message);
      }
      return;
    }
    if (attempt !== state.signIns) {
      return;
    }
    if (!teams.length) {
      showMessage('No teams exist yet: create one with PUT /teams/{teamId}.', 'info');
      return;
    }
    const select = $('team');
    select.replaceChildren(...teams.map((t) => el('option', { value: t.id, text: t.name ? t.name + ' (' + t.id + ')' : t.id })));
    const wanted = new URLSearchParams(location.hash.slice(1)).get('team');
    const first = teams.some((t) => t.id === wanted) ? wanted : (me.teamId || teams[0].id);
    select.value = first;
    $('sign-in').hidden = true;
    $('controls').hidden = false;
    $('main').hidden = false;
    await showTeam(first);
    $('main').focus();
  }

  function forgetKey(clearMessage) {
    state.signIns++;
    state.generation++;
    sessionStorage.removeItem(KEY_STORAGE);
    stopStream();
    clearInterval(state.refreshTimer);
    state.key = null;
    state.me = null;
    state.teamId = null;
    $('who').hidden = true;
    $('controls').hidden = true;
    $('main').hidden = true;
    $('sign-in').hidden = false;
    $('api-key').value = '';
    if (clearMessage) {
      showMessage('The key is forgotten.', 'info');
      $('api-key').focus();
    }
  }

  // ---- loading a team --------------------------------------------------------

  async function showTeam(teamId) {
    state.teamId = teamId;
    history.replaceState(null, '', '#team=' + encodeURIComponent(teamId));
    $('events').replaceChildren();
    $('no-events').hidden = false;
    await load();
    openStream(teamId);
    clearInterval(state.refreshTimer);
    state.refreshTimer = setInterval(() => load(), POLL_MS);
  }

  function canReadPoolUsage() {
    return state.me && (state.me.role === 'ADMIN' || state.me.role === 'TEAM_LEAD');
  }

  // Availability first, drawn at once; the other panels as their answers come (a forecast
  // may take a moment). An answer for a team no longer shown is dropped.
  async function load() {
    const teamId = state.teamId;
    const generation = ++state.generation;
    const team = encodeURIComponent(teamId);
    const current = () => generation === state.generation;
    let availability;
    try {
      availability = await api('/teams/' + team + '/availability');
    } catch (e) {
      if (e.name === 'AbortError' || !current()) {
        return;
      }
      if (e.status === 401) {
        forgetKey(false);
        showMessage('The API key stopped working (' + e.message + '). Paste a valid key.');
        return;
      }
      showMessage('Could not load team ' + teamId + ': ' + e.message);
      return;
    }
    if (!current()) {
      return;
    }
    state.availability = availability;
    renderPools(availability);
    renderAdmissionForm(availability);
    showMessage('');
    $('live').dataset.updated = availability.at;
    updateLive();
    const pools = availability.pools;
    const settle = (promise) => promise.then((value) => value, (error) => ({ error: error }));
    await Promise.all([
      Promise.all([
        settle(api('/teams/' + team + '/forecast?horizon=PT24H&step=PT1H')),
        Promise.all(pools.map((p) => canReadPoolUsage()
          ? settle(api('/pools/' + encodeURIComponent(p.poolId) + '/usage?groupBy=team&step=PT1H'))
          : Promise.resolve(null)))
      ]).then(([forecast, histories]) => current() && renderHistory(availability, forecast, histories)),
      Promise.all(pools.map((p) => api('/pools/' + encodeURIComponent(p.poolId) + '/queue?limit=20')
        .catch((e) => ({ poolId: p.poolId, error: e }))))
        .then((queues) => current() && renderQueue(queues)),
      settle(api('/teams/' + team + '/reservations?status=HELD&status=SCHEDULED&status=QUEUED&limit=50'))
        .then((reservations) => current() && renderReservations(reservations)),
      loadAnomalies(team).then((anomalies) => current() && renderAnomalies(anomalies))
    ]);
  }

  // GET /teams/{id}/anomalies may not exist on this version of the service: the panel then stays hidden.
  async function loadAnomalies(team) {
    try {
      return await api('/teams/' + team + '/anomalies');
    } catch (e) {
      return (e.status === 404 && !(e.problem && e.problem.type && /unknown-team/.test(e.problem.type)))
        ? null : { error: e };
    }
  }

  // ---- pools ---------------------------------------------------------------

  // The gauge: a half ring from 0 to 100 % of the limit, used in the status colour, held
  // in grey after it, with marks at 70, 85 and 95 %; the figures are in text beside it.
  const CX = 60;
  const CY = 62;
  const RING = 46;

  function arcPoint(fraction, radius) {
    const angle = Math.PI * (1 - Math.min(1, Math.max(0, fraction)));
    return [CX + radius * Math.cos(angle), CY - radius * Math.sin(angle)];
  }

  function arc(from, to, radius) {
    const [x1, y1] = arcPoint(from, radius);
    const [x2, y2] = arcPoint(to, radius);
    return 'M ' + x1.toFixed(2) + ' ' + y1.toFixed(2) + ' A ' + radius + ' ' + radius + ' 0 0 1 '
      + x2.toFixed(2) + ' ' + y2.toFixed(2);
  }

  function gauge(p) {
    const limit = Number(p.limit) || 0;
    const used = limit ? Number(p.used) / limit : 0;
    const held = limit ? Math.min(1, used + Number(p.reserved || 0) / limit) : used;
    const ring = (from, to, cls) => svg('path', { d: arc(from, to, RING), 'stroke-width': 12, fill: 'none', class: cls });
    const parts = [ring(0, 1, 'arc-track')];
    if (held > used) {
      parts.push(ring(Math.min(1, used), held, 'arc-held'));
    }
    if (used > 0) {
      parts.push(ring(0, Math.min(1, used), 'arc-used ' + p.status));
    }
    [0.7, 0.85, 0.95].forEach((t) => {
      const [x1, y1] = arcPoint(t, RING + 7);
      const [x2, y2] = arcPoint(t, RING + 13);
      parts.push(svg('line', { x1: x1, y1: y1, x2: x2, y2: y2, class: 'tick', 'stroke-width': 1.5 }));
    });
    const percent = svg('text', { x: CX, y: CY - 4, 'text-anchor': 'middle', class: 'percent' });
    percent.textContent = amount(p.percentUsed) + ' %';
    const of = svg('text', { x: CX, y: CY + 12, 'text-anchor': 'middle', class: 'of' });
    of.textContent = 'used of ' + amount(p.limit);
    parts.push(percent, of);
    const label = p.poolId + ': ' + amount(p.percentUsed) + ' percent used, ' + amount(p.reserved)
      + ' held, status ' + p.status + ', ' + STATUS_WORDS[p.status];
    return svg('svg', { viewBox: '0 0 120 78', role: 'img', 'aria-label': label, class: 'gauge-svg' }, [
      svg('title', {}, [document.createTextNode(label)])
    ].concat(parts));
  }

  function figure(list, label, value, field) {
    list.append(el('dt', { text: label }), el('dd', { 'data-field': field, text: value }));
  }

  function renderPools(availability) {
    const container = $('pools');
    const cards = availability.pools.map((p) => {
      const unit = unitWord(p.unit);
      const status = el('span', { className: 'status ' + p.status, 'data-field': 'status' }, [
        el('span', { 'aria-hidden': 'true', text: STATUS_MARKS[p.status] || '?' }),
        document.createTextNode(p.status)
      ]);
      const figures = el('dl', { className: 'figures' });
      figure(figures, 'Used by all teams', amount(p.used), 'used');
      figure(figures, 'Used by this team', amount(p.teamUsed), 'teamUsed');
      figure(figures, 'Held now, all teams', amount(p.reserved), 'reserved');
      figure(figures, 'Held by this team', amount(p.teamReserved), 'teamReserved');
      figure(figures, 'Available to this team', amount(p.available), 'available');
      figure(figures, 'Fair share', amount(p.share), 'share');
      figure(figures, 'Cap', p.cap === undefined || p.cap === null ? 'no cap' : amount(p.cap), 'cap');
      figure(figures, 'Limit', amount(p.limit), 'limit');
      figure(figures, p.nextReset ? 'Resets' : 'Window since',
        hourFormat.format(new Date(p.nextReset || p.windowStart)),
        p.nextReset ? 'nextReset' : 'windowStart');
      const recovery = (p.recovery || []).map((step) => [
        hourFormat.format(new Date(step.hour)) + ' \u2013 ' + hourFormat.format(new Date(step.freedBy)),
        amount(step.amount),
        amount(step.remainingAfter)
      ]);
      const recoveryBlock = recovery.length
        ? el('details', {}, [
          el('summary', { text: 'Recovery: ' + amount(p.recovery[0].amount) + ' back by '
            + hourFormat.format(new Date(p.recovery[0].freedBy))
            + (recovery.length > 1 ? ' (' + recovery.length + ' steps)' : '') }),
          table('When used quota comes back (' + localZone + ')', [
            { label: 'Hour' }, { label: 'Comes back', num: true }, { label: 'Remaining after', num: true }
          ], recovery)
        ])
        : el('p', { className: 'help', text: 'Nothing used comes back before the window ends.' });
      return el('article', {
        className: 'pool ' + p.status, 'data-pool-id': p.poolId, 'aria-labelledby': 'pool-' + p.poolId
      }, [
        el('h3', { id: 'pool-' + p.poolId }, [document.createTextNode(p.name || p.poolId),
          el('span', { className: 'pool-id', text: p.poolId + ' \u00b7 ' + unit })]),
        el('div', { className: 'gauge' }, [
          gauge(p),
          el('div', {}, [status, el('p', { className: 'status-words', text: STATUS_WORDS[p.status] || '' })])
        ]),
        figures,
        recoveryBlock
      ]);
    });
    container.replaceChildren(...cards);
    document.querySelectorAll('.local-zone').forEach((n) => { n.textContent = localZone; });
  }

  // ---- history and forecast -------------------------------------------------

  function renderHistory(availability, forecast, histories) {
    const container = $('history');
    const outlooks = new Map();
    if (forecast && !forecast.error) {
      (forecast.pools || []).forEach((o) => outlooks.set(o.poolId, o));
    }
    const charts = availability.pools.map((p, i) => {
      const history = histories[i];
      const own = history && !history.error
        ? (history.series || []).find((s) => s.key === availability.teamId) : null;
      const past = own ? own.points.map((pt) => ({ t: Date.parse(pt.start), v: Number(pt.amount) }))
        : (history && !history.error ? [] : null);
      const outlook = outlooks.get(p.poolId);
      const future = outlook && outlook.series ? outlook.series.map((pt) => ({
        t: Date.parse(pt.start), v: Number(pt.mean), lo: Number(pt.lower80), hi: Number(pt.upper80)
      })) : [];
      const notes = ['Per hour, in ' + unitWord(p.unit) + '.'];
      if (past === null) {
        notes.push(canReadPoolUsage() ? 'Usage history could not be read.'
          : 'Usage history needs a TEAM_LEAD or ADMIN key; the forecast is shown.');
      }
      if (forecast && forecast.error) {
        notes.push('Forecast unavailable: ' + forecast.error.message);
      } else if (outlook) {
        const ex = outlook.exhaustion && outlook.exhaustion.team;
        if (ex && ex.p50) {
          notes.push('At the expected pace the team runs out ' + when(ex.p50) + '.');
        } else if (ex && ex.note) {
          notes.push(ex.note.charAt(0).toUpperCase() + ex.note.slice(1) + '.');
        }
        if (outlook.advice && outlook.advice.message) {
          notes.push('Advice: ' + outlook.advice.message + '.');
        }
      }
      return el('figure', { className: 'chart', 'data-pool-id': p.poolId }, [
        el('h3', { text: p.name || p.poolId }),
        chart(p, past || [], future),
        el('figcaption', {}, notes.map((n) => el('p', { text: n })))
      ]);
    });
    container.replaceChildren(...charts);
  }

  function chart(pool, past, future) {
    const width = 320;
    const height = 150;
    const left = 36;
    const bottom = 20;
    const all = past.concat(future);
    const now = Date.parse(state.availability ? state.availability.at : new Date().toISOString());
    if (!all.length) {
      return el('p', { className: 'empty', text: 'No usage or forecast to draw yet.' });
    }
    const t0 = Math.min(...all.map((d) => d.t));
    const t1 = Math.max(...all.map((d) => d.t)) || t0 + 1;
    const top = Math.max(1, ...past.map((d) => d.v), ...future.map((d) => d.hi || d.v));
    const x = (t) => left + (width - left - 4) * ((t - t0) / Math.max(1, t1 - t0));
    const y = (v) => 6 + (height - bottom - 6) * (1 - v / top);
    const parts = [];
    [0, 0.5, 1].forEach((f) => {
      parts.push(svg('line', { x1: left, x2: width - 4, y1: y(top * f), y2: y(top * f), class: 'grid' }));
      const label = svg('text', { x: left - 4, y: y(top * f) + 3, 'text-anchor': 'end', class: 'label' });
      label.textContent = amount(Math.round(top * f));
      parts.push(label);
    });
    if (future.length) {
      const band = future.map((d) => x(d.t).toFixed(1) + ',' + y(d.hi).toFixed(1))
        .concat(future.slice().reverse().map((d) => x(d.t).toFixed(1) + ',' + y(d.lo).toFixed(1)));
      parts.push(svg('polygon', { points: band.join(' '), class: 'band' }));
      parts.push(svg('polyline', {
        points: future.map((d) => x(d.t).toFixed(1) + ',' + y(d.v).toFixed(1)).join(' '), class: 'mean'
      }));
    }
    if (past.length) {
      parts.push(svg('polyline', {
        points: past.map((d) => x(d.t).toFixed(1) + ',' + y(d.v).toFixed(1)).join(' '), class: 'used'
      }));
    }
    if (now >= t0 && now <= t1) {
      parts.push(svg('line', { x1: x(now), x2: x(now), y1: 4, y2: height - bottom, class: 'now' }));
      const label = svg('text', { x: x(now) + 3, y: 12, class: 'label' });
      label.textContent = 'now';
      parts.push(label);
    }
    parts.push(svg('line', { x1: left, x2: width - 4, y1: height - bottom, y2: height - bottom, class: 'axis' }));
    [t0, t1].forEach((t, i) => {
      const label = svg('text', { x: i ? width - 4 : left, y: height - 6, 'text-anchor': i ? 'end' : 'start', class: 'label' });
      label.textContent = hourFormat.format(new Date(t));
      parts.push(label);
    });
    const pastTotal = past.reduce((s, d) => s + d.v, 0);
    const futureTotal = future.reduce((s, d) => s + d.v, 0);
    const summary = pool.poolId + ': ' + (past.length ? amount(pastTotal) + ' used by the team in the last 24 hours; ' : '')
      + (future.length ? 'about ' + amount(futureTotal) + ' expected in the next 24 hours, at most '
        + amount(Math.max(...future.map((d) => d.hi))) + ' in an hour (80 % band)' : 'no forecast');
    return svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': summary }, [
      svg('title', {}, [document.createTextNode(summary)])
    ].concat(parts));
  }

  // ---- queue, reservations, anomalies ---------------------------------------

  function renderQueue(queues) {
    const blocks = queues.map((q) => {
      if (q.error) {
        return el('p', { className: 'help', text: 'Queue of ' + q.poolId + ': ' + q.error.message });
      }
      if (!q.size) {
        return el('p', { 'data-pool-id': q.poolId, text: q.poolId + ': nobody waits.' });
      }
      return table(q.poolId + ': ' + q.size + ' waiting', [
        { label: 'Place', num: true }, { label: 'Team' }, { label: 'Priority' }, { label: 'Amount', num: true },
        { label: 'Expected grant' }, { label: 'Gives up' }
      ], q.requests.map((r) => [String(r.position), r.teamId, r.priority, amount(r.amount),
        r.estimatedGrantAt ? when(r.estimatedGrantAt) : 'not before it gives up', when(r.deadline)]));
    });
    $('queue').replaceChildren(...blocks);
  }

  function renderReservations(reservations) {
    const box = $('reservations');
    if (reservations.error) {
      box.replaceChildren(el('p', { className: 'help', text: 'Reservations: ' + reservations.error.message }));
      return;
    }
    if (!reservations.length) {
      box.replaceChildren(el('p', { className: 'empty', text: 'No active, scheduled or queued reservations.' }));
      return;
    }
    box.replaceChildren(table('Active, scheduled and queued reservations', [
      { label: 'Status' }, { label: 'Pool' }, { label: 'Amount', num: true }, { label: 'Used', num: true },
      { label: 'Priority' }, { label: 'Until' }, { label: 'What' }
    ], reservations.map((r) => [r.status + (r.position ? ' (place ' + r.position + ')' : ''), r.poolId,
      amount(r.amount), amount(r.consumed), r.priority || '', when(r.expiresAt || r.deadline),
      r.description || r.id])));
  }

  function renderAnomalies(anomalies) {
    const section = $('anomalies-section');
    if (anomalies === null) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    const box = $('anomalies');
    if (anomalies.error) {
      box.replaceChildren(el('p', { className: 'help', text: 'Anomalies: ' + anomalies.error.message }));
      return;
    }
    const list = Array.isArray(anomalies) ? anomalies : (anomalies.anomalies || []);
    if (!list.length) {
      box.replaceChildren(el('p', { className: 'empty', text: 'No recent anomalies.' }));
      return;
    }
    box.replaceChildren(el('ul', {}, list.slice(0, 20).map((a) => el('li', {
      text: when(a.at || a.detectedAt || a.start) + ' \u2013 ' + (a.poolId ? a.poolId + ': ' : '')
        + (a.message || a.description || a.kind || JSON.stringify(a))
    }))));
  }

  // ---- admission -------------------------------------------------------------

  function renderAdmissionForm(availability) {
    const select = $('ask-pool');
    const previous = select.value;
    select.replaceChildren(...availability.pools.map((p) => el('option', { value: p.poolId, text: p.name || p.poolId })));
    if (availability.pools.some((p) => p.poolId === previous)) {
      select.value = previous;
    }
    updateUnit();
  }

  function updateUnit() {
    const pool = state.availability && state.availability.pools.find((p) => p.poolId === $('ask-pool').value);
    $('ask-unit').textContent = pool ? 'in ' + unitWord(pool.unit) : '';
  }

  async function ask(event) {
    event.preventDefault();
    const out = $('admission');
    out.textContent = 'Asking\u2026';
    try {
      const answer = await api('/teams/' + encodeURIComponent(state.teamId) + '/admission', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          poolId: $('ask-pool').value,
          estimatedAmount: Number($('ask-amount').value),
          kind: $('ask-kind').value,
          priority: $('ask-priority').value
        })
      });
      const lines = [el('p', {}, [el('span', { className: 'decision ' + answer.decision, text: answer.decision }),
        document.createTextNode(': ' + answer.message)])];
      if (answer.retryAt) {
        lines.push(el('p', { text: 'Ask again from ' + when(answer.retryAt) + ' (' + localZone + ').' }));
      }
      out.replaceChildren(...lines);
    } catch (e) {
      const errors = e.problem && e.problem.errors
        ? ' ' + e.problem.errors.map((f) => f.field + ' ' + f.message).join('; ') : '';
      out.replaceChildren(el('p', { className: 'decision DENY', text: 'Not answered: ' + e.message + errors }));
    }
  }

  // ---- the event stream --------------------------------------------------------
  // EventSource cannot send an Authorization header, so the stream is read with fetch().

  function stopStream() {
    if (state.stream) {
      state.stream.abort();
      state.stream = null;
    }
  }

  function updateLive(connected) {
    const live = $('live');
    if (connected !== undefined) {
      live.dataset.connected = connected ? 'yes' : 'no';
    }
    const updated = live.dataset.updated ? 'updated ' + new Date(live.dataset.updated).toLocaleTimeString() : '';
    live.textContent = (live.dataset.connected === 'yes' ? 'Live: following the team\u2019s events'
      : 'Not following events (reconnecting)') + (updated ? '; ' + updated : '');
  }

  async function openStream(teamId, attempt) {
    stopStream();
    const controller = new AbortController();
    state.stream = controller;
    const tries = attempt || 0;
    try {
      const response = await fetch('/teams/' + encodeURIComponent(teamId) + '/events', {
        headers: { Authorization: 'Bearer ' + state.key, Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store'
      });
      if (!response.ok || !response.body) {
        throw new Error('HTTP ' + response.status);
      }
      updateLive(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value;
        let end;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          onStreamBlock(block);
        }
      }
    } catch (e) {
      if (controller.signal.aborted) {
        return;
      }
    }
    if (state.stream !== controller || state.teamId !== teamId) {
      return;
    }
    // The server ends streams after a while and when an instance stops: reconnect, then
    // read the current state again, as events are not replayed.
    updateLive(false);
    const delay = Math.min(30000, 1000 * Math.pow(2, tries));
    setTimeout(() => {
      if (state.stream === controller && state.teamId === teamId) {
        openStream(teamId, tries + 1);
        load();
      }
    }, delay);
  }

  function onStreamBlock(block) {
    let name = 'message';
    const data = [];
    block.split(/\r?\n/).forEach((line) => {
      if (line.startsWith(':')) {
        return;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') {
        name = value;
      } else if (field === 'data') {
        data.push(value);
      }
    });
    if (!data.length) {
      return;
    }
    let event;
    try {
      event = JSON.parse(data.join('\n'));
    } catch (e) {
      return;
    }
    const list = $('events');
    $('no-events').hidden = true;
    list.prepend(el('li', { text: when(event.at) + ' \u2013 ' + name + ': ' + (event.message || '') }));
    while (list.children.length > 20) {
      list.lastElementChild.remove();
    }
    clearTimeout(state.debounce);
    state.debounce = setTimeout(() => load(), EVENT_DEBOUNCE_MS);
  }

  // ---- wiring ------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (!key) {
        showMessage('Paste an API key first.');
        return;
      }
      signIn(key);
    });
    $('team').addEventListener('change', (event) => showTeam(event.target.value));
    $('refresh').addEventListener('click', () => load());
    $('forget').addEventListener('click', () => forgetKey(true));
    $('admission-form').addEventListener('submit', ask);
    $('ask-pool').addEventListener('change', updateUnit);
    const stored = sessionStorage.getItem(KEY_STORAGE);
    if (stored) {
      signIn(stored);
    } else {
      $('api-key').focus();
    }
  });
}());
