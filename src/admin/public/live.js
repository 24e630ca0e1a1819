// Live pages: one poll at a time (opening another page stops the last one), skipped while the tab is
// hidden and run at once when it shows again. Every answer comes from Redis, so any bot instance serves it.
import { page } from './dom.js';

/** Seconds between two polls (the server's setting, 5 by default). */
export const POLL_SECONDS = page.pollSeconds ?? 5;

let timer;
let task;
let busy = false;

async function run() {
  if (!task || busy || document.hidden) return;
  busy = true;
  try {
    await task();
  } finally {
    busy = false;
  }
}

/** Runs `fn` every POLL_SECONDS until `stopPolling()` or the next `poll()`. */
export function poll(fn) {
  stopPolling();
  task = fn;
  timer = setInterval(run, POLL_SECONDS * 1000);
}

/** Stops the current poll (the router calls it on every page change). */
export function stopPolling() {
  clearInterval(timer);
  timer = undefined;
  task = undefined;
}

document.addEventListener('visibilitychange', () => void run());
