// DOM and text helpers for the dashboard. Data only ever reaches the page through textContent or
// through attributes set one by one (never parsed as HTML), so a report containing <script> shows as text.
const data = JSON.parse(document.getElementById('admin-data').textContent);

/** Page data from the server: lang, texts, kcns, categories, requireTotp. */
export const page = data;

/** The text at a dotted key of content/<lang>/admin.yaml, with {{params}} filled in. */
export function t(key, params = {}) {
  let value = key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), data.texts);
  if (typeof value !== 'string') return key;
  for (const [name, v] of Object.entries(params)) value = value.split(`{{${name}}}`).join(String(v));
  return value;
}

/**
 * Creates an element. `props` may hold className, text, and any attribute; event handlers go in
 * `on` ({click: fn}). Children are nodes or strings (strings become text nodes).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = String(value);
    else if (name === 'on') for (const [event, fn] of Object.entries(value)) node.addEventListener(event, fn);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Replaces the children of a node. */
export function replace(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
}

/** A date and time in the park's time zone. */
export function when(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? '');
  return d.toLocaleString(data.lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });
}

/** The display name of a KCN id, of a category id. */
export const kcnName = (id) => data.kcns.find((k) => k.id === id)?.name ?? id;
export const categoryName = (id) => data.categories.find((c) => c.id === id)?.name ?? id;

let flashTimer;
/** Shows a short status message; `kind` is 'ok' or 'error'. */
export function flash(message, kind = 'ok') {
  const box = document.getElementById('flash');
  box.textContent = message;
  box.className = `flash ${kind}`;
  box.hidden = false;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => (box.hidden = true), 6000);
}

/** A <select> with an "all" choice first; `options` are {id, name}. */
export function select(name, label, options, selected, withAll = true) {
  const box = el('select', { name, id: `f-${name}` });
  if (withAll) box.append(el('option', { value: '', text: t('filters.all') }));
  for (const o of options) box.append(el('option', { value: o.id, text: o.name, selected: o.id === selected }));
  return el('label', { className: 'field', for: `f-${name}` }, el('span', { text: label }), box);
}
