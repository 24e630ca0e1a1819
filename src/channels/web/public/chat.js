// Web chat client: plain browser JavaScript on the pinned /api/chat contract, no build step.
// The session id lives in localStorage and the conversation in this tab's sessionStorage, both only
// for the session's idle time (data-idle): a reload shows the conversation again and picks up a
// report where it was, and "clear this chat" (a shared phone) ends it here and on the server.
(() => {
  'use strict';
  const root = document.querySelector('.chat');
  const texts = root.dataset;
  const log = document.getElementById('log');
  const form = document.getElementById('form');
  const input = document.getElementById('text');
  const SESSION = 'antq-chat-session'; // localStorage: {id, expires}
  const TRANSCRIPT = 'antq-chat-log'; // sessionStorage: {id, items}
  const IDLE_MS = Math.max(60, Number(texts.idle) || 1800) * 1000;
  const KEEP = 200; // messages kept for a reload
  const MASK = '••••••';
  const ID = /^[A-Za-z0-9_-]{1,64}$/;

  function newSessionId() {
    const bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  }
  function read(storage, key) {
    try {
      return JSON.parse(storage.getItem(key) || 'null');
    } catch {
      return null;
    }
  }
  function write(storage, key, value) {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or disabled: the conversation just is not kept for a reload.
    }
  }

  /** The stored session id while it has not expired; a fresh one otherwise. */
  const stored = read(localStorage, SESSION);
  const alive = stored && typeof stored.id === 'string' && ID.test(stored.id) && Number(stored.expires) > Date.now();
  let sessionId = alive ? stored.id : newSessionId();
  let expires = 0;
  /** Any message the worker sends keeps the session for another idle time. */
  function touch() {
    expires = Date.now() + IDLE_MS;
    write(localStorage, SESSION, { id: sessionId, expires });
  }

  /** The conversation shown: {who: 'me'|'bot'|'note', text, buttons?, image?, saved?}. */
  let items = [];
  function save() {
    items = items.slice(-KEEP);
    write(sessionStorage, TRANSCRIPT, { id: sessionId, items });
  }

  function copyText(value, button) {
    const done = (ok) => {
      button.textContent = ok ? texts.copied : texts.copyFailed;
      setTimeout(() => (button.textContent = texts.copy), 2500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(
        () => done(true),
        () => done(false),
      );
      return;
    }
    const area = document.createElement('textarea');
    area.value = value;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    done(ok);
  }

  /** The report's code and key: each with a copy button, then the "save these now" step. */
  function secretsBlock(item, li) {
    const box = document.createElement('div');
    box.className = 'secrets';
    if (item.saved) {
      const note = document.createElement('p');
      note.className = 'hidden-note';
      note.textContent = texts.hidden;
      box.appendChild(note);
      return box;
    }
    for (const b of item.buttons.filter((x) => x.kind === 'copy')) {
      const row = document.createElement('div');
      row.className = 'secret';
      const label = document.createElement('span');
      label.textContent = b.title;
      const value = document.createElement('code');
      value.textContent = b.payload;
      const copy = document.createElement('button');
      copy.type = 'button';
      copy.className = 'copy';
      copy.textContent = texts.copy;
      copy.addEventListener('click', () => copyText(b.payload, copy));
      row.append(label, value, copy);
      box.appendChild(row);
    }
    const warn = document.createElement('p');
    warn.className = 'save-now';
    warn.textContent = texts.saveNow;
    const saved = document.createElement('button');
    saved.type = 'button';
    saved.className = 'saved';
    saved.textContent = texts.saved;
    saved.addEventListener('click', () => {
      // Hidden from the page and from what a reload shows: the values are masked in the stored text.
      for (const b of item.buttons.filter((x) => x.kind === 'copy')) item.text = item.text.split(b.payload).join(MASK);
      item.buttons = item.buttons.filter((x) => x.kind !== 'copy');
      item.saved = true;
      save();
      li.replaceWith(render(item));
    });
    box.append(warn, saved);
    return box;
  }

  function buttonsRow(buttons) {
    const row = document.createElement('div');
    row.className = 'buttons';
    for (const b of buttons) {
      let el;
      if (b.kind === 'phone' || b.kind === 'url') {
        el = document.createElement('a');
        el.href = b.kind === 'phone' ? `tel:${b.payload}` : b.payload;
        if (b.kind === 'url') el.target = '_blank';
      } else {
        el = document.createElement('button');
        el.type = 'button';
        el.addEventListener('click', () => send({ payload: b.payload }, b.title));
      }
      el.textContent = b.title;
      row.appendChild(el);
    }
    return row;
  }

  function render(item) {
    const li = document.createElement('li');
    li.className = item.who === 'note' ? 'bot note' : item.who;
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.textContent = item.text;
    if (item.image) {
      const img = document.createElement('img');
      img.src = item.image;
      img.alt = '';
      bubble.appendChild(img);
    }
    li.appendChild(bubble);
    const buttons = item.buttons || [];
    if (buttons.some((b) => b.kind === 'copy') || item.saved) li.appendChild(secretsBlock(item, li));
    const others = buttons.filter((b) => b.kind !== 'copy');
    if (others.length) li.appendChild(buttonsRow(others));
    return li;
  }

  function show(item) {
    log.appendChild(render(item));
    log.scrollTop = log.scrollHeight;
  }
  /** Adds a message to the conversation (kept for a reload unless `keep` is false). */
  function add(item, keep = true) {
    if (keep) {
      items.push(item);
      save();
    }
    show(item);
  }
  const addReplies = (replies) => {
    for (const r of replies) add({ who: 'bot', text: r.text, buttons: r.buttons, image: r.image });
  };

  async function send(body, shown) {
    touch();
    if (shown) add({ who: 'me', text: shown });
    try {
      const res = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId, ...body }),
      });
      if (!res.ok) throw new Error(String(res.status));
      addReplies((await res.json()).replies);
    } catch {
      add({ who: 'bot error', text: texts.error }, false);
      // What was typed is never lost: back in the box, to send again.
      if (body.text && !input.value) input.value = body.text;
    }
  }

  function start() {
    send({ payload: texts.lang === 'en' ? '#lang:en' : '#start' });
  }

  /** Forgets everything on this device and starts a new session; `note` says why. */
  function reset(note) {
    localStorage.removeItem(SESSION);
    sessionStorage.removeItem(TRANSCRIPT);
    items = [];
    log.textContent = '';
    sessionId = newSessionId();
    add({ who: 'note', text: note });
    start();
  }

  /** Ends the session on the server, then here. */
  async function clear(note) {
    let ended = false;
    try {
      const res = await fetch('/api/chat/end', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId }),
      });
      ended = res.ok;
    } catch {
      ended = false;
    }
    reset(ended ? note : texts.clearFailed);
  }

  document.getElementById('clear').addEventListener('click', () => {
    if (window.confirm(texts.clearConfirm)) void clear(texts.cleared);
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send({ text }, text);
  });

  async function poll() {
    // Left open past the idle time (a shared phone): the conversation ends by itself.
    if (expires && Date.now() > expires) {
      void clear(texts.expired);
      return;
    }
    try {
      const res = await fetch(`/api/chat/updates?sessionId=${encodeURIComponent(sessionId)}`);
      if (res.ok) addReplies((await res.json()).replies);
    } catch {
      // Offline for a moment: the next poll tries again.
    }
  }

  async function resumeOrStart() {
    try {
      const res = await fetch(`/api/chat/resume?sessionId=${encodeURIComponent(sessionId)}`);
      const replies = res.ok ? (await res.json()).replies : [];
      if (replies.length) {
        touch();
        addReplies(replies);
        return;
      }
    } catch {
      // Nothing to pick up: start afresh.
    }
    start();
  }

  // On load: the same tab's conversation again, or one in progress from the server, or the welcome.
  const transcript = alive ? read(sessionStorage, TRANSCRIPT) : null;
  if (!alive) {
    sessionStorage.removeItem(TRANSCRIPT);
    if (stored) add({ who: 'note', text: texts.expired });
  }
  if (transcript && transcript.id === sessionId && Array.isArray(transcript.items) && transcript.items.length) {
    items = transcript.items;
    expires = Number(stored.expires);
    items.forEach(show);
  } else if (alive) {
    void resumeOrStart();
  } else {
    start();
  }
  setInterval(poll, 20000);
})();
