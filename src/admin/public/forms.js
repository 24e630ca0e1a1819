// Form helpers for the editing pages: labelled fields that show their own problems, the API's problems
// worded in the staff's language, a confirm-with-reason step, and Vietnam times for datetime inputs.
import { el, flash, t } from './dom.js';
import { errorText } from './api.js';

const VIETNAM = 'Asia/Ho_Chi_Minh';

/** A labelled field; `name` is the API's field path its problems name (`title.vi`, `texts.en.answer`). */
export function field(name, label, input, hint) {
  input.id ||= `f-${name.replace(/\./g, '-')}`;
  return el(
    'div',
    { className: 'field', 'data-field': name },
    el('label', { for: input.id, text: label }),
    input,
    hint && el('small', { className: 'hint', text: hint }),
  );
}

/** The display name of an API field path (`entry.questions.vi.3` → "Cách hỏi tiếng Việt"). */
export function fieldName(path) {
  const key = path.replace(/\.\d+$/, '').replace(/^quote$/, 'planWords');
  const name = t(`fieldNames.${key}`);
  return name === `fieldNames.${key}` ? path : name;
}

/** One problem of an edit, in the staff's language. */
export const problemText = (p) => {
  const text = t(`rules.${p.rule}`, { field: fieldName(p.field) });
  return text === `rules.${p.rule}` ? `${fieldName(p.field)}: ${p.message}` : text;
};

/** Clears the problems shown in `form`. */
export function clearProblems(form) {
  for (const node of form.querySelectorAll('.field-error')) node.remove();
  for (const node of form.querySelectorAll('.invalid')) node.classList.remove('invalid');
}

/**
 * Shows a failed call's problems next to their fields (and every one of them in the flash), or the
 * error of the call. Returns false, for `return showFailure(...)`.
 */
export function showFailure(form, res) {
  clearProblems(form);
  const problems = res.body?.error?.problems;
  if (!problems?.length) {
    flash(errorText(res.body, res.status), 'error');
    return false;
  }
  for (const p of problems) {
    const path = p.field.split('.');
    let box;
    while (path.length && !box) {
      box = form.querySelector(`[data-field="${CSS.escape(path.join('.'))}"]`);
      path.pop();
    }
    const text = problemText(p);
    if (box) {
      box.classList.add('invalid');
      box.append(el('p', { className: 'field-error', role: 'alert', text }));
    }
  }
  flash(problems.map(problemText).join(' '), 'error');
  form.querySelector('.invalid input, .invalid textarea, .invalid select')?.focus();
  return false;
}

/**
 * A button that opens a reason box and a confirm button (no browser dialog: it works the same on a
 * phone). `onConfirm(reason)` resolves to true when done (the box closes).
 */
export function confirmWithReason({ label, reasonLabel, confirmLabel, id, onConfirm }) {
  const reason = el('textarea', { rows: 2, maxlength: 500, id: `${id}-reason`, name: 'reason' });
  const confirm = el('button', { type: 'submit', className: 'primary', text: confirmLabel });
  const box = el(
    'form',
    { className: 'confirm-box', id: `${id}-form`, hidden: true },
    field('reason', reasonLabel, reason),
    el('div', { className: 'actions' }, confirm),
  );
  const toggle = () => {
    box.hidden = !box.hidden;
    if (!box.hidden) reason.focus();
  };
  const open = el('button', { type: 'button', id, text: label, on: { click: toggle } });
  box.addEventListener('submit', async (e) => {
    e.preventDefault();
    confirm.disabled = true;
    const done = await onConfirm(reason.value, box);
    confirm.disabled = false;
    if (done) box.hidden = true;
  });
  return el('div', { className: 'confirm' }, open, box);
}

/** `2027-07-24T08:00` (a datetime-local value) in Vietnam time, from an ISO time. */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const s = new Intl.DateTimeFormat('sv-SE', {
    timeZone: VIETNAM,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
  return s.replace(' ', 'T');
}

/** An ISO time with Vietnam's zone (no daylight saving there) from a datetime-local value. */
export const fromLocalInput = (value) => (value ? `${value}:00+07:00` : '');

/** Table cells that carry their column's name, so a table reads as cards on a phone. */
export function cell(label, ...children) {
  return el('td', { 'data-label': label }, ...children);
}

/** A page's heading, with the button that creates a new one (`id`, `href`, `label`). */
export function headingWithNew(text, link) {
  return el('div', { className: 'row' }, el('h2', { text }), el('a', { className: 'button primary', id: link.id, href: link.href, text: link.label }));
}
