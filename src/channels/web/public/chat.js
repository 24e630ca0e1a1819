// Web chat client: plain browser JavaScript on the pinned /api/chat contract, no build step.
(() => {
  'use strict';
  const root = document.querySelector('.chat');
  const log = document.getElementById('log');
  const form = document.getElementById('form');
  const input = document.getElementById('text');
  const KEY = 'antq-chat-session';

  function newSessionId() {
    const bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  let sessionId = localStorage.getItem(KEY);
  if (!sessionId || !/^[A-Za-z0-9_-]{1,64}$/.test(sessionId)) {
    sessionId = newSessionId();
    localStorage.setItem(KEY, sessionId);
  }

  function add(who, text, buttons, image) {
    const li = document.createElement('li');
    li.className = who;
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.textContent = text;
    if (image) {
      const img = document.createElement('img');
      img.src = image;
      img.alt = '';
      bubble.appendChild(img);
    }
    li.appendChild(bubble);
    if (buttons && buttons.length) {
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
      li.appendChild(row);
    }
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  async function send(body, shown) {
    if (shown) add('me', shown);
    try {
      const res = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId, ...body }),
      });
      if (!res.ok) throw new Error(String(res.status));
      const data = await res.json();
      for (const r of data.replies) add('bot', r.text, r.buttons, r.image);
    } catch {
      add('bot error', root.dataset.error);
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send({ text }, text);
  });

  async function poll() {
    try {
      const res = await fetch(`/api/chat/updates?sessionId=${encodeURIComponent(sessionId)}`);
      if (res.ok) for (const r of (await res.json()).replies) add('bot', r.text, r.buttons, r.image);
    } catch {
      // Offline for a moment: the next poll tries again.
    }
  }

  send({ payload: root.dataset.lang === 'en' ? '#lang:en' : '#start' });
  setInterval(poll, 20000);
})();
