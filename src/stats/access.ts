/**
 * Who sees which part of the figures, for which parks: supervisors every part and park; organisers the
 * event and content parts, events of their own parks; officers the report part of their own parks. A
 * request for a park the viewer may not see is refused (403), never narrowed silently: a board report
 * must not look complete when it is not.
 */
import type { Part } from './figures.js';

/** The signed-in staff member as the statistics see them. */
export interface Viewer {
  role: 'officer' | 'supervisor' | 'organizer';
  kcns: readonly string[];
}

export function partsFor(viewer: Viewer): Part[] {
  if (viewer.role === 'supervisor') return ['reports', 'events', 'content'];
  if (viewer.role === 'organizer') return ['events', 'content'];
  return ['reports'];
}

/**
 * The parks of the figures: those requested (every park the viewer may see when none is), or a
 * refusal naming a park the viewer may not see.
 */
export function parksFor(
  viewer: Viewer,
  requested: readonly string[] | undefined,
  allKcns: readonly string[],
): { ok: true; kcns: string[] } | { ok: false; kcn: string } {
  const mine = viewer.role === 'supervisor' ? allKcns : allKcns.filter((k) => viewer.kcns.includes(k));
  if (!requested?.length) return { ok: true, kcns: [...mine] };
  const refused = requested.find((k) => !mine.includes(k));
  return refused ? { ok: false, kcn: refused } : { ok: true, kcns: [...new Set(requested)] };
}
