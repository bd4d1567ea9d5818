// convene web view. Deck text arrives as JSON over Server-Sent Events and is shown only with
// textContent: nothing the deck says can become markup or script.
'use strict';
(function () {
  // The catalogue's words for this page, by language (src/words/, sent inside the page).
  const WORDS = JSON.parse(document.getElementById('words').textContent || '{}');
  const $ = (id) => document.getElementById(id);
  // The participant's token and the join code live for this tab's session only.
  const session = (k, v) => {
    try {
      if (v === undefined) return sessionStorage.getItem(k);
      if (v === null) sessionStorage.removeItem(k); else sessionStorage.setItem(k, v);
    } catch (e) { return null; }
    return null;
  };
  const store = (k, v) => { try { if (v === undefined) return localStorage.getItem(k); localStorage.setItem(k, v); } catch (e) { return null; } return null; };
  let lang = store('convene.lang') || '';
  let theme = store('convene.theme') || 'auto';
  let size = parseFloat(store('convene.size') || '1.1') || 1.1;
  let status = 'connecting';
  let live = null;          // newest event
  let liveAt = 0;           // performance.now() when it arrived
  const history = [];       // events of slides already shown (newest per slide)
  let viewing = -1;         // index into history, -1 = live
  let supportOpen = false;
  let es = null;
  let retry = 1000;
  let lastSpoken = '';

  function w(key) { const t = WORDS[lang] || WORDS.en || {}; return t[key] || (WORDS.en || {})[key] || key; }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function view(ev) {
    if (!ev || !Array.isArray(ev.views) || ev.views.length === 0) return null;
    return ev.views.find((v) => v.language === lang) || ev.views[0];
  }
  function fmt(ms) {
    const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  function telLinks(parent, line) {
    // Phone numbers (e.g. 1-833-900-1010, 911) become tel: links; the rest stays text.
    const re = /(\+?\d[\d\- ]{1,16}\d)/g;
    let last = 0; let m;
    const p = el('p');
    while ((m = re.exec(line)) !== null) {
      p.append(document.createTextNode(line.slice(last, m.index)));
      const a = el('a', m[1], 'tel');
      a.href = 'tel:' + m[1].replace(/[^\d+]/g, '');
      a.setAttribute('aria-label', w('call') + ' ' + m[1]);
      p.append(a);
      last = m.index + m[1].length;
    }
    p.append(document.createTextNode(line.slice(last)));
    parent.append(p);
  }
  function bullets(list) {
    const ul = el('ul');
    for (const b of list || []) {
      const li = el('li', b.text);
      if (b.children && b.children.length) {
        const sub = el('ul');
        for (const c of b.children) sub.append(el('li', c));
        li.append(sub);
      }
      ul.append(li);
    }
    return ul;
  }
  function renderSupport(root, v) {
    root.append(el('h1', w('supportTitle')));
    root.append(el('p', w('supportLead'), 'meta'));
    const box = el('section', null, 'box support');
    for (const line of (v && v.support) || []) telLinks(box, line);
    root.append(box);
  }
  function renderChecklist(root, cl) {
    const sec = el('section', null, 'box checklist');
    sec.setAttribute('aria-labelledby', 'cl-title');
    const h = el('h2', cl.title); h.id = 'cl-title'; sec.append(h);
    const row = (r) => {
      const li = el('li');
      const mark = el('span', r.ticked ? '☑ ' : '☐ ', 'tick');
      mark.setAttribute('aria-hidden', 'true');
      li.append(mark, document.createTextNode(r.label));
      const said = el('span', ' (' + (r.ticked ? w('ticked') : w('notTicked')) + (r.answer ? ', ' + w('answer') : '') + ')', 'meta');
      li.append(said);
      return li;
    };
    for (const g of cl.groups || []) {
      sec.append(el('h3', g.label));
      if (g.question) sec.append(el('p', g.question, 'meta'));
      const ul = el('ul'); for (const r of g.items || []) ul.append(row(r)); sec.append(ul);
    }
    if (cl.flags && cl.flags.length) {
      sec.append(el('h3', w('flags')));
      const ul = el('ul'); for (const r of cl.flags) ul.append(row(r)); sec.append(ul);
    }
    if (cl.verdict) {
      const p = el('p', null, 'verdict');
      p.append(document.createTextNode(w('verdict') + ' (' + cl.framework + '): '), document.createTextNode(cl.verdict));
      sec.append(p);
    }
    root.append(sec);
  }
  function renderSlide(root, ev, v, isLive) {
    const s = v.slide;
    if (!s) return;
    if (s.section) root.append(el('p', s.section, 'section'));
    root.append(el('h1', s.title));
    if (s.subtitle) root.append(el('p', s.subtitle, 'subtitle'));
    for (const p of s.body || []) root.append(el('p', p));
    if (s.bullets && s.bullets.length) root.append(bullets(s.bullets));
    for (const c of s.columns || []) {
      const sec = el('section'); sec.append(el('h2', c.heading), bullets(c.bullets)); root.append(sec);
    }
    if (s.callout) {
      const box = el('aside', null, 'box'); box.append(el('h2', s.callout.label || w('didYouKnow')), el('p', s.callout.text)); root.append(box);
    }
    for (const p of s.prompts || []) {
      // A break says so in words and with its symbol (the one the terminal shows), not by colour.
      const isBreak = p.kind === 'break';
      const box = el('section', null, isBreak ? 'box prompt break' : 'box prompt');
      box.append(el('h2', isBreak ? '◷ ' + w('breakLabel') : w('discuss')), el('p', p.text));
      if (p.follow_ups && p.follow_ups.length) { const ul = el('ul'); for (const f of p.follow_ups) ul.append(el('li', f)); box.append(ul); }
      if (p.remaining_ms !== null && p.remaining_ms !== undefined) {
        const t = el('p', '', 'timer');
        t.dataset.remaining = String(p.remaining_ms);
        t.dataset.running = p.running && isLive ? '1' : '0';
        box.append(t);
      } else if (p.minutes) {
        box.append(el('p', p.minutes + ' ' + w('minutes'), 'meta'));
      }
      root.append(box);
    }
    if (s.checklist) renderChecklist(root, s.checklist);
    if (s.debrief) { const box = el('section', null, 'box'); box.append(el('h2', w('debrief')), el('p', s.debrief)); root.append(box); }
    root.append(el('p', w('slide') + ' ' + (ev.slide + 1) + ' ' + w('of') + ' ' + ev.slides, 'meta'));
  }
  function tickTimers() {
    const since = performance.now() - liveAt;
    for (const t of document.querySelectorAll('.timer')) {
      let ms = Number(t.dataset.remaining) || 0;
      if (t.dataset.running === '1') ms -= since;
      t.textContent = ms >= 0 ? fmt(ms) + ' ' + w('left') : fmt(ms) + ' ' + w('over');
      if (t.dataset.running !== '1') t.textContent += ' (' + w('paused') + ')';
    }
  }
  // Taking part (optional, anonymous): a random token for this tab, the code typed from the screen.
  const MAX_CHARS = 280;
  let code = session('convene.code') || '';
  let roomKey = '';
  let mine = {};
  try { mine = JSON.parse(session('convene.mine') || '{}') || {}; } catch (e) { mine = {}; }
  function me() {
    let t = session('convene.me');
    if (!t || !/^[0-9a-f]{32}$/.test(t)) {
      const b = new Uint8Array(16);
      crypto.getRandomValues(b);
      t = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      session('convene.me', t);
    }
    return t;
  }
  function mineOf(id) {
    if (!mine[id]) mine[id] = { rows: [], vote: null };
    return mine[id];
  }
  function keepMine() { session('convene.mine', JSON.stringify(mine)); }
  let saidTimer = null;
  function say(text) {
    const p = $('tp-said');
    p.textContent = '';
    clearTimeout(saidTimer);
    // A fresh node's text is announced even when it repeats the last one.
    saidTimer = setTimeout(() => { p.textContent = text; }, 50);
  }
  const REFUSED = { wrong_code: 'wrongCode', closed: 'closed', too_fast: 'tooFast', too_long: 'tooLong',
    empty: 'empty', not_here: 'notHere', too_many: 'tooMany', busy: 'busy', unavailable: 'busy' };
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  async function send(input) {
    say(w('sending'));
    let j = {};
    // A busy presenter (a whole room voting at once): try again a few times, spread out.
    for (let attempt = 0; attempt < 4; attempt++) {
      if (attempt) await pause(300 + Math.random() * 700 * attempt);
      try {
        const r = await fetch('/room', {
          method: 'POST', cache: 'no-store', credentials: 'omit',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ participant: me(), code, input }),
        });
        try { j = await r.json(); } catch (e) { j = {}; }
      } catch (e) { say(w('notSent')); return false; }
      if (j.refused !== 'busy') break;
    }
    if (j.ok) { say(w('sent')); return true; }
    say(w(REFUSED[j.refused] || 'notSent'));
    if (j.refused === 'wrong_code') { code = ''; session('convene.code', null); roomKey = ''; renderRoom(); }
    return false;
  }
  function count() {
    const left = MAX_CHARS - Array.from($('tp-text').value).length;
    $('tp-count').textContent = left + ' ' + w('charsLeft');
    $('tp-send').disabled = left < 0;
  }
  function renderRoom() {
    const ev = viewing < 0 ? live : null;
    const room = ev && ev.room;
    const v = view(ev);
    const on = !!(room && room.open && (room.case || room.respond) && v && ev.screen === 'none' && !supportOpen);
    const sec = $('take-part');
    sec.hidden = !on;
    if (ev && ev.share && String(ev.share) !== session('convene.share')) {
      // Another presenter session (a restart, a resume): it never saw what this page sent.
      if (session('convene.share') !== null) { mine = {}; keepMine(); roomKey = ''; }
      session('convene.share', String(ev.share));
    }
    if (room && String(room.cleared || 0) !== (session('convene.cleared') || '0')) {
      // The facilitator cleared the room: what this page sent is gone from it.
      mine = {}; keepMine(); session('convene.cleared', String(room.cleared || 0)); roomKey = '';
    }
    if (!on) { roomKey = ''; return; }
    const rows = v.room_rows || [];
    const key = [ev.slide_id, lang, code ? 1 : 0, room.case, room.respond, rows.map((r) => r.key).join(',')].join('|');
    const m = mineOf(ev.slide_id);
    for (const b of document.querySelectorAll('#tp-case [data-vote]')) b.setAttribute('aria-pressed', m.vote === b.dataset.vote ? 'true' : 'false');
    if (key === roomKey) return;
    roomKey = key;
    $('tp-title').textContent = w('takePart');
    $('tp-lead').textContent = w('takePartLead');
    $('tp-code-label').textContent = w('codeLabel');
    $('tp-join-button').textContent = w('join');
    $('tp-change').textContent = w('changeCode');
    $('tp-join').hidden = !!code;
    $('tp-change').hidden = !code;
    $('tp-case').hidden = !code || !room.case;
    $('tp-respond').hidden = !code || !room.respond || room.case;
    $('tp-tick-lead').textContent = w('tickLead');
    $('tp-vote-q').textContent = w('voteQuestion');
    $('tp-vote-trafficking').textContent = w('voteTrafficking');
    $('tp-vote-not').textContent = w('voteNot');
    $('tp-vote-unsure').textContent = w('voteUnsure');
    $('tp-text-label').textContent = w('responseLabel');
    $('tp-send').textContent = w('send');
    count();
    const list = el('div');
    let group = null;
    rows.forEach((r, i) => {
      if ((r.group || w('flags')) !== group) { group = r.group || w('flags'); list.append(el('p', group, 'legend')); }
      const label = el('label', null, 'tick');
      const box = el('input');
      box.type = 'checkbox';
      box.id = 'tp-row-' + i;
      box.checked = m.rows.includes(r.key);
      box.addEventListener('change', async () => {
        const want = box.checked;
        const ok = await send({ kind: 'tick', slide_id: ev.slide_id, row: r.row });
        const mm = mineOf(ev.slide_id);
        if (ok) { mm.rows = mm.rows.filter((k) => k !== r.key); if (want) mm.rows.push(r.key); keepMine(); }
        else box.checked = !want;
      });
      label.append(box, document.createTextNode(r.label));
      list.append(label);
    });
    $('tp-rows').replaceChildren(...list.childNodes);
  }
  function renderShown(root, ev, v) {
    const room = ev && ev.room;
    if (!room) return;
    if (room.totals) {
      const t = room.totals;
      const box = el('section', null, 'box shown-room');
      box.append(el('h2', w('roomTotals')));
      const ul = el('ul');
      for (const [k, n] of [['voteTrafficking', t.trafficking], ['voteNot', t.not_trafficking], ['voteUnsure', t.not_enough_information]]) {
        ul.append(el('li', w(k) + ': ' + n));
      }
      box.append(ul);
      const rows = (v && v.room_rows) || [];
      if (rows.length) {
        const rl = el('ul');
        // The rows someone ticked (a list of every row at 0 would bury them).
        for (const r of rows) { const n = (t.rows || {})[r.key] || 0; if (n > 0) rl.append(el('li', r.label + ': ' + n)); }
        if (rl.childNodes.length) box.append(rl);
      }
      root.append(box);
    }
    if (room.on_screen) {
      const box = el('section', null, 'box shown-room');
      box.append(el('h2', w('fromTheRoom')), el('p', room.on_screen));
      root.append(box);
    }
  }
  function render() {
    document.documentElement.lang = lang || 'en';
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.setProperty('--size', size + 'rem');
    const words = { connecting: w('connecting'), live: w('live'), reconnecting: w('reconnecting'), stopped: w('stopped') };
    $('status').textContent = '● ' + words[status];
    $('lang-label').textContent = w('language');
    $('theme-label').textContent = w('theme');
    $('back').textContent = w('back');
    $('forward').textContent = w('forward');
    $('live').textContent = w('returnLive');
    $('help').textContent = supportOpen ? w('close') : w('support');
    $('help').setAttribute('aria-pressed', supportOpen ? 'true' : 'false');
    $('live').hidden = viewing < 0;
    $('forward').hidden = viewing < 0;
    $('back').disabled = history.length < 2 || viewing === 0;
    const langs = live && live.views ? live.views.map((v) => v.language) : [];
    const sel = $('lang');
    if (sel.options.length !== langs.length) {
      sel.replaceChildren(...langs.map((l) => { const o = el('option', l === 'fr' ? 'Français' : l === 'en' ? 'English' : l); o.value = l; return o; }));
    }
    sel.value = lang;
    $('theme').value = theme;
    const root = el('div');
    const ev = viewing >= 0 ? history[viewing] : live;
    const v = view(ev);
    let spoken = '';
    if (supportOpen || (viewing < 0 && ev && ev.screen === 'support')) {
      renderSupport(root, v || view(live));
      spoken = w('supportTitle');
    } else if (!ev || !v) {
      root.append(el('p', w('connecting')));
    } else if (viewing < 0 && ev.screen === 'blank') {
      const b = el('div', null, 'blank'); b.append(el('p', w('blank'), 'meta')); root.append(b);
      spoken = w('blank');
    } else {
      if (viewing >= 0) root.append(el('p', w('lookingBack') + ' ' + (ev.slide + 1), 'meta'));
      if (viewing < 0 && ev.screen === 'content_note' && v.content_note) {
        const box = el('aside', null, 'box'); box.append(el('h2', w('contentNote')), el('p', v.content_note)); root.append(box);
      }
      renderSlide(root, ev, v, viewing < 0);
      if (viewing < 0) {
        // What the facilitator shows from the room comes first, under the slide's title.
        const shown = el('div');
        renderShown(shown, ev, v);
        const h = root.querySelector('h1');
        if (h) h.after(...shown.childNodes); else root.prepend(...shown.childNodes);
      }
      spoken = v.slide ? v.slide.title : '';
    }
    const slide = $('slide');
    // Announce only a change of what is shown (aria-live="polite" on #slide).
    slide.setAttribute('aria-busy', 'true');
    slide.replaceChildren(...root.childNodes);
    slide.setAttribute('aria-busy', 'false');
    lastSpoken = spoken;
    tickTimers();
    renderRoom();
  }
  function remember(ev) {
    if (ev.screen !== 'none') return;
    const last = history[history.length - 1];
    if (last && last.slide_id === ev.slide_id) history[history.length - 1] = ev;
    else { history.push(ev); if (history.length > 200) history.shift(); }
  }
  function onState(e) {
    let ev;
    try { ev = JSON.parse(e.data); } catch (err) { return; }
    if (!ev || ev.type !== 'web' || !Array.isArray(ev.views)) return;
    live = ev; liveAt = performance.now();
    if (!lang || !ev.views.some((v) => v.language === lang)) lang = (ev.views[0] && ev.views[0].language) || 'en';
    remember(ev);
    status = 'live'; retry = 1000;
    render();
  }
  function connect() {
    if (es) es.close();
    es = new EventSource('/events');
    es.addEventListener('state', onState);
    es.addEventListener('bye', () => { status = 'stopped'; render(); });
    es.onopen = () => { if (status !== 'stopped') { status = 'live'; render(); } };
    es.onerror = () => {
      es.close(); es = null;
      if (status !== 'stopped') status = 'reconnecting';
      render();
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  }
  function init() {
    $('lang').addEventListener('change', (e) => { lang = e.target.value; store('convene.lang', lang); render(); });
    $('theme').addEventListener('change', (e) => { theme = e.target.value; store('convene.theme', theme); render(); });
    $('bigger').addEventListener('click', () => { size = Math.min(2.2, size + 0.15); store('convene.size', String(size)); render(); });
    $('smaller').addEventListener('click', () => { size = Math.max(0.8, size - 0.15); store('convene.size', String(size)); render(); });
    $('back').addEventListener('click', () => {
      if (history.length < 2) return;
      viewing = viewing < 0 ? history.length - 2 : Math.max(0, viewing - 1);
      render();
    });
    $('forward').addEventListener('click', () => {
      if (viewing < 0) return;
      viewing = viewing + 1 >= history.length - 1 ? -1 : viewing + 1;
      render();
    });
    $('live').addEventListener('click', () => { viewing = -1; render(); });
    $('help').addEventListener('click', () => { supportOpen = !supportOpen; render(); });
    $('tp-join').addEventListener('submit', (e) => {
      e.preventDefault();
      const c = $('tp-code').value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
      if (!c) return;
      code = c; session('convene.code', c); roomKey = ''; renderRoom();
      const first = document.querySelector('#tp-case:not([hidden]) input, #tp-respond:not([hidden]) textarea');
      if (first) first.focus();
    });
    $('tp-change').addEventListener('click', () => {
      code = ''; session('convene.code', null); roomKey = ''; renderRoom(); $('tp-code').focus();
    });
    for (const b of document.querySelectorAll('#tp-case [data-vote]')) {
      b.addEventListener('click', async () => {
        const id = live && live.slide_id;
        if (!id) return;
        if (await send({ kind: 'vote', slide_id: id, vote: b.dataset.vote })) { mineOf(id).vote = b.dataset.vote; keepMine(); renderRoom(); }
      });
    }
    $('tp-text').addEventListener('input', count);
    $('tp-respond').addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = $('tp-text').value.trim();
      if (!text) { say(w('empty')); return; }
      if (Array.from(text).length > MAX_CHARS) { say(w('tooLong')); return; }
      const id = live && live.slide_id;
      if (id && await send({ kind: 'respond', slide_id: id, text })) { $('tp-text').value = ''; count(); }
    });
    setInterval(tickTimers, 1000);
    render();
    connect();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
