/**
 * Summarises a V8 CPU profile (`node --cpu-prof`) over a time window: self time by area (our folders,
 * each package, Node's internals, garbage collection) and by function, per unit of work. The window
 * is given in the profile's clock (CLOCK_MONOTONIC µs, the clock of `process.hrtime` on Linux), so one
 * profile of a whole run can be cut into its phases.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time (µs) of one area or function in a window. */
export interface Share {
  name: string;
  us: number;
}

export interface ProfileSummary {
  /** Time sampled in the window, µs (idle left out). */
  busyUs: number;
  areas: Share[];
  functions: Share[];
}

/** Where a function lives: `src/<folder>`, `flows`, a package, `node:<module>`, or the engine's own entries. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName || '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) return pkg;
  const ours = /\/(src\/[^/]+|flows|test)\//.exec(url)?.[1];
  if (ours) return ours;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  return url;
}

const shortUrl = (url: string) => url.replace(/^file:\/\/.*?\/(node_modules|src|flows|test)\//, '$1/');

/** Reads `file` and sums self time between `fromUs` and `toUs` (profile clock). */
export function summariseProfile(file: string, fromUs: number, toUs: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let busyUs = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    // A sample stands for the interval up to the next one.
    const span = profile.timeDeltas[i + 1] ?? 0;
    if (t < fromUs || t > toUs) continue;
    const frame = byId.get(profile.samples[i]!)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    busyUs += span;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + span);
    const fn = `${frame.functionName || '(anonymous)'} ${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + span);
  }
  const sorted = (m: Map<string, number>) => [...m].map(([name, us]) => ({ name, us })).sort((a, b) => b.us - a.us);
  return { busyUs, areas: sorted(areas), functions: sorted(functions) };
}
