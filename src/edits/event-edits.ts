/**
 * Editing events: create (published, or a draft), change fields, publish, cancel with a reason, revert
 * to an older version. Every event is checked with `content/events.yaml`'s schema and its park with
 * `content/kcn.yaml`; organisers edit only their parks' events. A dashboard event is never a sample:
 * samples come from the YAML alone, and an edited sample keeps its label.
 */
import { eventSchema, type FestivalEvent } from '../festival/data.js';
import { saveVersion, type Editor, type SaveDeps } from './save.js';
import type { EditProblem, EditResult, EventDoc, EventRecord } from './types.js';
import { nfc, problemsOf } from './validate.js';

export interface EventEditDeps extends SaveDeps {
  /** The ids of the parks (`content/kcn.yaml`). */
  parks(): readonly string[];
  /** An event of the seed by id, shown in this deployment or not (a hidden sample's id is taken too). */
  seedEvent(id: string): FestivalEvent | undefined;
}

/** What `updateEvent` did: the record before and after (equal when nothing changed). */
export interface EventChange {
  before: EventRecord;
  record: EventRecord;
}

const invalid = (problems: EditProblem[]) => ({ ok: false as const, error: 'invalid' as const, problems });
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function createEventEdits(deps: EventEditDeps) {
  const mayEdit = (who: Editor, kcn: string) => !who.kcns || who.kcns.includes(kcn);
  const find = async (id: string) => (await deps.live.refresh()).catalogue.events.find((r) => r.id === id);
  const record = (id: string) => deps.live.current().catalogue.events.find((r) => r.id === id)!;

  /** The event checked as a whole, or its problems. */
  function check(input: unknown, who: Editor): { ok: true; event: FestivalEvent } | { ok: false; problems: EditProblem[] } {
    if (isObject(input) && input.sample === true)
      return { ok: false, problems: [{ field: 'sample', rule: 'sample_only_in_yaml', message: 'sample events come from content/events.yaml only' }] };
    const parsed = eventSchema.safeParse(input);
    if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, input) };
    const { kcn } = parsed.data;
    if (!deps.parks().includes(kcn)) return { ok: false, problems: [{ field: 'kcn', rule: 'unknown_park', message: `"${kcn}" is not a park id in kcn.yaml` }] };
    if (!mayEdit(who, kcn)) return { ok: false, problems: [{ field: 'kcn', rule: 'not_your_park', message: `you do not organise events in ${kcn}` }] };
    return { ok: true, event: parsed.data };
  }

  async function save(
    r: EventRecord | undefined,
    id: string,
    doc: EventDoc,
    action: 'create' | 'update' | 'publish' | 'cancel' | 'revert',
    who: Editor,
    revertOf?: number,
  ) {
    const saved = await saveVersion(deps, { kind: 'event', id, previous: r?.version ?? 0, before: r?.doc }, doc, { action, by: who.username, revertOf });
    return saved.ok ? { ok: true as const, value: record(id) } : saved;
  }

  /** Checks a change of an existing event the editor may edit, not cancelled, still at `expected` (when given). */
  async function editable(id: string, who: Editor, expected?: number): Promise<EditResult<EventRecord>> {
    const r = await find(id);
    if (!r) return { ok: false, error: 'not_found' };
    if (!mayEdit(who, r.doc.event.kcn)) return { ok: false, error: 'forbidden' };
    if (expected !== undefined && expected !== r.version) return { ok: false, error: 'conflict' };
    return { ok: true, value: r };
  }

  async function update(id: string, patch: unknown, who: Editor, action: 'update' | 'revert', opts: { expected?: number; revertOf?: number }) {
    const found = await editable(id, who, opts.expected);
    if (!found.ok) return found;
    const before = found.value;
    if (before.doc.status === 'cancelled') return { ok: false as const, error: 'cancelled' as const };
    if (!isObject(patch)) return invalid([{ field: 'body', rule: 'type', message: 'the changes must be a JSON object' }]);
    if (patch.id !== undefined && patch.id !== id) return invalid([{ field: 'id', rule: 'id_fixed', message: 'an event keeps its id' }]);
    if (patch.sample !== undefined)
      return invalid([{ field: 'sample', rule: 'sample_only_in_yaml', message: 'sample events come from content/events.yaml only' }]);
    const { sample: _sample, ...fields } = before.doc.event;
    const merged: Record<string, unknown> = { ...fields, ...nfc(patch) };
    if (merged.team === null) delete merged.team;
    const checked = check(merged, who);
    if (!checked.ok) return invalid(checked.problems);
    const doc: EventDoc = { ...before.doc, event: { ...checked.event, sample: before.doc.event.sample } };
    if (JSON.stringify(doc) === JSON.stringify(before.doc)) return { ok: true as const, value: { before, record: before } };
    const saved = await save(before, id, doc, action, who, opts.revertOf);
    return saved.ok ? { ok: true as const, value: { before, record: saved.value } } : saved;
  }

  return {
    /** Creates an event from exactly the fields of an entry of `content/events.yaml`; published at once unless `draft`. */
    async createEvent(input: unknown, who: Editor, opts: { draft?: boolean } = {}): Promise<EditResult<EventRecord>> {
      const checked = check(nfc(input), who);
      if (!checked.ok) return invalid(checked.problems);
      const { id } = checked.event;
      if (deps.seedEvent(id) || (await find(id))) return { ok: false, error: 'exists' };
      return save(undefined, id, { event: checked.event, status: opts.draft ? 'draft' : 'published' }, 'create', who);
    },

    /** Changes some fields of an event (`team: null` removes the team limits); `expected`: the version the editor saw. */
    updateEvent: (id: string, patch: unknown, who: Editor, expected?: number): Promise<EditResult<EventChange>> =>
      update(id, patch, who, 'update', { expected }),

    /** Shows a draft to workers; a published event stays as it is. */
    async publishEvent(id: string, who: Editor): Promise<EditResult<EventRecord>> {
      const found = await editable(id, who);
      if (!found.ok) return found;
      const r = found.value;
      if (r.doc.status === 'cancelled') return { ok: false, error: 'cancelled' };
      return r.doc.status === 'published' ? { ok: true, value: r } : save(r, id, { ...r.doc, status: 'published' }, 'publish', who);
    },

    /** Cancels an event, with the reason everyone signed up is told; cancelling it again changes nothing. */
    async cancelEvent(id: string, reason: unknown, who: Editor): Promise<EditResult<EventRecord>> {
      const text = typeof reason === 'string' ? reason.normalize('NFC').trim() : '';
      if (!text || text.length > 500) return invalid([{ field: 'reason', rule: text ? 'too_long' : 'required', message: 'a reason of 1 to 500 characters' }]);
      const found = await editable(id, who);
      if (!found.ok) return found;
      const r = found.value;
      return r.doc.status === 'cancelled' ? { ok: true, value: r } : save(r, id, { ...r.doc, status: 'cancelled', reason: text }, 'cancel', who);
    },

    /** Restores the fields of version `v` (0: the seed's entry; the status stays): a new version. */
    async revertEvent(id: string, v: number, who: Editor): Promise<EditResult<EventChange>> {
      const old = v === 0 ? deps.seedEvent(id) : ((await deps.store.history('event', id)).find((x) => x.v === v)?.value as EventDoc | undefined)?.event;
      if (!old) return { ok: false, error: 'not_found' };
      const { sample: _sample, ...fields } = old;
      return update(id, { ...fields, team: fields.team ?? null }, who, 'revert', { revertOf: v });
    },
  };
}
