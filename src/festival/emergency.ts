/** The emergency numbers (content/reports.yaml: 113 police, 114 fire, 115 ambulance) and how an emergency is worded. */
import type { ButtonSpec, Input, Say } from '../core/flow.js';
import type { FestivalContext } from './flow.js';

/** The three call buttons; titles come from `<namespace>:call_police` and so on. */
export function emergencyButtons(ctx: FestivalContext, namespace: string): ButtonSpec[] {
  const e = ctx.data.reports.emergency;
  return [
    { key: `${namespace}:call_police`, payload: e.police, kind: 'phone' },
    { key: `${namespace}:call_fire`, payload: e.fire, kind: 'phone' },
    { key: `${namespace}:call_ambulance`, payload: e.ambulance, kind: 'phone' },
  ];
}

/** The numbers to call now, with their call buttons. */
export const emergencySay = (ctx: FestivalContext): Say => ({ key: 'report:emergency', buttons: emergencyButtons(ctx, 'report') });

/**
 * True when the message says something is happening now or someone is in danger (`đang đánh nhau`,
 * `cháy rồi`, `cứu`, `có người bị thương`; lists in understanding.yaml). A message that supposes it
 * (`nếu bị thương thì gọi số nào`) is a question; one that tells of it as past (`hôm qua… bị đâm`) is a
 * tip-off, unless it also says it is happening now (`bây giờ`, `đang bị`, `mau lên`) or the danger is still there
 * (`chưa tỉnh`, `tới giờ`: `emergency.still`).
 */
export function isEmergency(input: Input, ctx: FestivalContext): boolean {
  const { lexicon } = ctx;
  if (input.tokens.length === 0) return false;
  if (lexicon.match(input.tokens, 'understanding:emergency.whole')?.coverage === 1) return true;
  // Phrases that fold like an emergency word and mean something else (`xe có chạy qua` is not `có cháy`) are taken out first.
  if (!lexicon.has(lexicon.without(input.tokens, 'understanding:emergency.not'), 'understanding:emergency.contains')) return false;
  // Supposing words count where a sentence supposes: at its start (`khi có cháy thì…`) or in a question
  // (`cách thoát hiểm khi có cháy`), not inside a statement where a word folds like one (`hung khí`).
  const supposes = lexicon.isQuestion(input.text, input.tokens)
    ? lexicon.has(input.tokens, 'understanding:emergency.if')
    : lexicon.leading(input.tokens, 'understanding:emergency.if') > 0;
  if (supposes) return false;
  // Told as past, but the danger is still there (`đã giải tán nhưng bạn em chưa tỉnh`): an emergency still.
  const { now, past } = tense(input, ctx);
  return now || !past || lexicon.has(input.tokens, 'understanding:emergency.still');
}

/** Whether a message says it is happening now (`emergency.now`) and whether it tells it as past (`emergency.past`). */
function tense(input: Input, ctx: FestivalContext): { now: boolean; past: boolean } {
  return { now: ctx.lexicon.has(input.tokens, 'understanding:emergency.now'), past: ctx.lexicon.has(input.tokens, 'understanding:emergency.past') };
}

/** Told as going on now (`có thằng đang trộm xe`): a word of `emergency.now` and none of `emergency.past`. */
export function toldAsNow(input: Input, ctx: FestivalContext): boolean {
  const { now, past } = tense(input, ctx);
  return now && !past;
}
