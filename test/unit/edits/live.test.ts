/** The live content over the memory edit store: the seed until an edit, rebuilt once per revision, samples as the deployment says. */
import { describe, expect, it, vi } from 'vitest';
import { createLiveContent } from '../../../src/edits/live.js';
import { createContentEditor } from '../../../src/edits/service.js';
import { createMemoryEditStore } from '../../../src/store/memory/edits.js';
import { content } from '../../helpers/bot.js';
import { newEvent } from '../../helpers/edits.js';

const clock = () => new Date('2027-07-01T02:00:00Z');

function setup(demoContent = true) {
  const store = createMemoryEditStore();
  const live = createLiveContent({ seed: content, store, demoContent, defaultLang: 'vi', variables: () => ({}) });
  const editor = createContentEditor({ store, live, seed: content, clock, textParams: new Set(['year']) });
  return { store, live, editor };
}
const supervisor = { username: 'chi-huy' };

describe('live content', () => {
  it('is the seed until an edit, then rebuilt once per revision, listeners told', async () => {
    const { store, live, editor } = setup();
    const seed = live.current();
    expect(seed.revision).toBe(0);
    expect(seed.content.data.events.events).toEqual(content.data.events.events);
    const changed = vi.fn();
    live.onChange(changed);
    expect(await live.refresh()).toBe(seed);

    expect(await editor.createEvent(newEvent, supervisor)).toMatchObject({ ok: true, value: { id: newEvent.id, origin: 'dashboard', version: 1 } });
    const next = live.current();
    expect(next.revision).toBe(1);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(next.i18n.t('vi', `events:title.${newEvent.id}`)).toBe(newEvent.title.vi);
    expect(next.content.data.events.events.map((e) => e.id)).toContain(newEvent.id);
    // Nothing moved: no rebuild.
    expect(await live.refresh()).toBe(next);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(seed.content.data.events.events.map((e) => e.id)).not.toContain(newEvent.id);
    expect(await store.revision()).toBe(1);
  });

  it('keeps a cancelled event’s texts but not the event, and hides samples where demo content is off', async () => {
    const { live, editor } = setup(false);
    expect(live.current().catalogue.events.some((r) => r.doc.event.sample)).toBe(false);
    await editor.createEvent(newEvent, supervisor);
    await editor.cancelEvent(newEvent.id, 'Mưa bão', supervisor);
    const s = live.current();
    expect(s.content.data.events.events.map((e) => e.id)).not.toContain(newEvent.id);
    expect(s.catalogue.events.find((r) => r.id === newEvent.id)?.doc).toMatchObject({ status: 'cancelled', reason: 'Mưa bão' });
    expect(s.i18n.t('en', `events:title.${newEvent.id}`)).toBe(newEvent.title.en);
    // A sample's id stays taken, shown or not.
    expect(await editor.createEvent({ ...newEvent, id: 'qc-bong-da', kcn: 'quang-chau' }, supervisor)).toEqual({ ok: false, error: 'exists' });
  });

  it('uses the seed for a stored document the schemas refuse, and says so', async () => {
    const store = createMemoryEditStore();
    const skipped = vi.fn();
    const live = createLiveContent({ seed: content, store, demoContent: true, defaultLang: 'vi', variables: () => ({}), onSkipped: skipped });
    await store.append('event', 'qc-bong-da', {
      v: 1,
      at: '2027-07-01T00:00:00Z',
      by: 'x',
      action: 'update',
      changed: [],
      value: { event: { id: 'qc-bong-da' }, status: 'published' },
    });
    const s = await live.refresh();
    expect(s.revision).toBe(1);
    expect(s.content.data.events.events.find((e) => e.id === 'qc-bong-da')).toEqual(content.data.events.events.find((e) => e.id === 'qc-bong-da'));
    expect(skipped).toHaveBeenCalledWith(expect.objectContaining({ kind: 'event', id: 'qc-bong-da' }));
  });

  it('previews a document without storing it', async () => {
    const { live, store } = setup();
    const what = live.current().catalogue.faq.find((r) => r.id === 'festival-what')!;
    const doc = { ...what.doc, texts: { ...what.doc.texts, vi: { title: 'Mới', answer: 'Câu trả lời mới.' } } };
    const preview = live.withDoc({ kind: 'faq', id: 'festival-what', version: { v: 1, at: '', by: 'x', action: 'update', changed: [], value: doc } });
    expect(preview.i18n.t('vi', 'faq:entries.festival-what.answer')).toBe('Câu trả lời mới.');
    expect(live.current().i18n.t('vi', 'faq:entries.festival-what.title')).toBe('Ngày hội là gì?');
    expect(await store.revision()).toBe(0);
  });
});
