/** Call buttons for the emergency numbers in content/reports.yaml (113 police, 114 fire, 115 ambulance). */
import type { ButtonSpec, FlowContext } from '../src/core/flow.js';

/** The three call buttons; titles come from `<namespace>:call_police` and so on. */
export function emergencyButtons(ctx: FlowContext, namespace: string): ButtonSpec[] {
  const e = ctx.data.reports.emergency;
  return [
    { key: `${namespace}:call_police`, payload: e.police, kind: 'phone' },
    { key: `${namespace}:call_fire`, payload: e.fire, kind: 'phone' },
    { key: `${namespace}:call_ambulance`, payload: e.ambulance, kind: 'phone' },
  ];
}
