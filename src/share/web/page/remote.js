// convene, the facilitator's phone: the presenter console behind a private address
// (/remote/<token>). Everything arrives as JSON over Server-Sent Events and is shown only with
// textContent; every button sends one closed command ({"do": …}) the presenter maps to a key.
'use strict';
(function () {
  const WORDS = JSON.parse(document.getElementById('words').textContent || '{}');
  const $ = (id) => document.getElementById(id);
  const base = location.pathname.replace(/\/+$/, '');
  let lang = 'en';
  let st = null;
  let stAt = 0;
  let status = 'connecting';
  let es = null;
  let retry = 1000;
  // What the rows and the queue were last built from: the state comes every second (the
  // clock), and rebuilding unchanged lists would move a screen reader's place in them.
  let rowsBuilt = '';
  let queueBuilt = '';
  let notesBuilt = '';
  function w(key) { const t = WORDS[lang] || WORDS.en || {}; return t[key] || (WORDS.en || {})[key] || key; }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function fmt(ms) {
    const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
    const m = Math.floor(s / 60);
    return (m >= 60 ? Math.floor(m / 60) + ':' + String(m % 60).padStart(2, '0') : m) + ':' + String(s % 60).padStart(2, '0');
  }
  let saidTimer = null;
  function say(text) {
    const p = $('r-said');
    p.textContent = '';
    clearTimeout(saidTimer);
    saidTimer = setTimeout(() => { p.textContent = text; }, 50);
  }
  async function act(cmd) {
    try {
      const r = await fetch(base + '/action', {
        method: 'POST', cache: 'no-store', credentials: 'omit',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(cmd),
      });
      let j = {};
      try { j = await r.json(); } catch (e) { j = {}; }
      if (!j.ok) say(w(j.refused === 'busy' ? 'busy' : 'notSent'));
    } catch (e) { say(w('notSent')); }
  }
  function tick() {
    const t = st && st.timer;
    const p = $('r-timer');
    if (!t) { p.textContent = ''; return; }
    let ms = t.remaining_ms;
    if (t.running) ms -= performance.now() - stAt;
    p.textContent = (ms >= 0 ? fmt(ms) + ' ' + w('left') : fmt(ms) + ' ' + w('over')) + (t.running ? '' : ' (' + w('paused') + ')');
  }
  function button(id, text, cmd, pressed) {
    const b = el('button', text);
    b.type = 'button';
    b.id = id;
    if (pressed !== undefined) b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    b.addEventListener('click', () => act(cmd));
    return b;
  }
  function render() {
    document.documentElement.lang = lang;
    const words = { connecting: w('connecting'), live: w('live'), reconnecting: w('reconnecting'), stopped: w('stopped') };
    $('status').textContent = '● ' + w('remoteTitle') + ' · ' + words[status];
    document.title = 'convene — ' + w('remoteTitle');
    for (const [id, key] of [['r-prev', 'prev'], ['r-next', 'next'], ['r-blank', 'blankButton'], ['r-support', 'supportButton'],
      ['r-close', 'backToSlide'], ['r-timer-button', 'timerButton'], ['r-checklist', 'checklistButton'], ['r-answer', 'answerButton'],
      ['r-framework', 'frameworkButton'], ['r-room-open', 'roomOpen'], ['r-room-close', 'roomClose'], ['r-notes-h', 'notes'],
      ['r-room-h', 'room'], ['r-responses-h', 'responses'], ['r-rows-legend', 'tickLead']]) $(id).textContent = w(key);
    if (!st) return;
    const focused = document.activeElement && document.activeElement.id;
    $('r-title').textContent = st.title;
    $('r-pos').textContent = w('slide') + ' ' + (st.slide + 1) + ' ' + w('of') + ' ' + st.slides + (st.steps > 1 ? ' · ' + w('step') + ' ' + (st.step + 1) + '/' + st.steps : '');
    const screen = { blank: 'screenBlank', support: 'screenSupport' }[st.screen];
    $('r-screen').hidden = !screen;
    $('r-screen').textContent = screen ? w(screen) : '';
    $('r-blank').setAttribute('aria-pressed', st.screen === 'blank' ? 'true' : 'false');
    $('r-support').setAttribute('aria-pressed', st.screen === 'support' ? 'true' : 'false');
    $('r-next').disabled = st.slide + 1 >= st.slides && st.step + 1 >= st.steps;
    $('r-prev').disabled = st.slide === 0 && st.step === 0;
    $('r-timer-button').disabled = !st.has_prompt;
    $('r-pace').textContent = w('elapsed') + ' ' + fmt(st.elapsed_ms) + ' · ' + st.pace;
    $('r-next-title').textContent = st.next ? w('nextSlide') + ' ' + st.next : w('lastSlide');
    // Notes as paragraphs: a blank line parts them; the deck's line breaks inside one are spaces.
    const notes = st.notes || w('noNotes');
    if (notes !== notesBuilt) {
      notesBuilt = notes;
      const paras = notes.split(/\n\s*\n/).map((t) => el('p', t.replace(/\s*\n\s*/g, ' ').trim()));
      $('r-notes').replaceChildren(...paras);
    }
    const cl = st.checklist;
    $('r-case').hidden = !cl;
    if (cl) {
      $('r-case-h').textContent = cl.title;
      $('r-verdict').textContent = w('verdict') + ' (' + cl.framework + '): ' + cl.verdict;
      const rowsKey = JSON.stringify([lang, cl.rows]);
      if (rowsKey !== rowsBuilt) {
        rowsBuilt = rowsKey;
        const rows = el('div');
        let group = null;
        cl.rows.forEach((r, i) => {
          const g = r.group || w('flags');
          if (g !== group) { group = g; rows.append(el('p', g, 'legend')); }
          const label = el('label', null, 'tick');
          const box = el('input');
          box.type = 'checkbox';
          box.id = 'r-row-' + i;
          box.checked = r.ticked;
          box.addEventListener('change', () => act({ do: 'tick', row: i }));
          let text = r.label + ' · ' + r.room;
          if (r.answer !== null && r.answer !== undefined) text += r.answer ? ' (' + w('answer') + ')' : '';
          label.append(box, document.createTextNode(text));
          rows.append(label);
        });
        $('r-rows').replaceChildren(...rows.childNodes);
      }
      $('r-checklist').setAttribute('aria-pressed', cl.shown ? 'true' : 'false');
      $('r-answer').setAttribute('aria-pressed', cl.revealed ? 'true' : 'false');
      $('r-answer').disabled = !cl.has_answer;
      $('r-totals').textContent = st.room.show_totals ? w('totalsHide') : w('totalsShow');
      const t = st.room.totals;
      $('r-votes').textContent = t ? w('votes') + ': ' + w('voteTrafficking') + ' ' + t.trafficking + ' · ' + w('voteNot') + ' ' + t.not_trafficking + ' · ' + w('voteUnsure') + ' ' + t.not_enough_information : '';
    }
    const room = st.room;
    $('r-room-state').textContent = (room.open ? w('roomIsOpen') + ' · ' + w('joinCode') + ': ' + (room.code || '') : w('roomIsClosed')) +
      ' · ' + w('participants') + ': ' + room.participants + (room.took_part !== null && room.took_part !== undefined ? ' (' + w('onThisCase') + ': ' + room.took_part + ')' : '');
    $('r-room-open').disabled = room.open;
    $('r-room-close').disabled = !room.open;
    const queueKey = JSON.stringify([lang, room.on_screen, room.responses]);
    if (queueKey !== queueBuilt) {
      queueBuilt = queueKey;
      const q = $('r-queue');
      const items = [];
      for (const r of room.responses.slice().reverse()) {
        const li = el('li', null, r.id === room.on_screen ? 'on' : '');
        li.append(el('p', r.text));
        const meta = [];
        if (r.id === room.on_screen) meta.push(w('onScreen'));
        if (r.kept) meta.push(w('kept'));
        if (meta.length) li.append(el('p', meta.join(' · '), 'meta'));
        const row = el('div', null, 'row');
        row.append(button('q-show-' + r.id, r.id === room.on_screen ? w('takeDown') : w('showOnScreen'), { do: 'show', id: r.id }),
          button('q-keep-' + r.id, w('keep'), { do: 'keep', id: r.id }, r.kept));
        li.append(row);
        items.push(li);
      }
      if (!items.length) items.push(el('li', w('noResponses'), 'meta'));
      q.replaceChildren(...items);
    }
    if (focused && document.activeElement && document.activeElement.id !== focused && $(focused)) $(focused).focus();
    tick();
  }
  function connect() {
    if (es) es.close();
    es = new EventSource(base + '/events');
    es.addEventListener('remote', (e) => {
      let s;
      try { s = JSON.parse(e.data); } catch (err) { return; }
      if (!s || s.type !== 'remote') return;
      st = s; stAt = performance.now(); lang = s.language === 'fr' ? 'fr' : (WORDS[s.language] ? s.language : 'en');
      status = 'live'; retry = 1000;
      render();
    });
    es.addEventListener('bye', () => { status = 'stopped'; render(); });
    es.onerror = () => {
      es.close(); es = null;
      if (status !== 'stopped') status = 'reconnecting';
      render();
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  }
  function init() {
    for (const b of document.querySelectorAll('[data-do]')) {
      b.addEventListener('click', () => {
        const d = b.dataset.do;
        // Blank and support are toggles here: pressed again, they bring the slide back.
        act({ do: (d === 'blank' || d === 'support') && st && st.screen === d ? 'close' : d });
      });
    }
    setInterval(tick, 1000);
    render();
    connect();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
