/**
 * Who may see what. Officers see the reports of their KCNs only; supervisors see every report and
 * the supervisor tools (CSV export, audit log); organisers see no report at all. The organisers'
 * tools (events, broadcasts, the FAQ's unanswered questions) are open to supervisors too, never to
 * officers.
 */
import type { Content } from '../festival/load.js';
import { OTHER_KCN } from '../reports/types.js';
import type { Role, StaffIdentity } from './types.js';

/** KCN ids staff may be assigned and reports may carry: the registry's parks plus `other`. */
export function kcnIdsOf(content: Pick<Content, 'data'>): string[] {
  return [...content.data.kcn.parks.map((p) => p.id), OTHER_KCN];
}

/** True when the role may use the report endpoints at all. */
export function canUseReports(staff: StaffIdentity): boolean {
  return staff.role === 'officer' || staff.role === 'supervisor';
}

/** True for supervisors: every KCN, the CSV export and the audit log. */
export function isSupervisor(staff: StaffIdentity): boolean {
  return staff.role === 'supervisor';
}

/**
 * True when the role may read the unanswered-questions list: organisers, who edit the FAQ, and
 * supervisors, who have every organiser tool. Officers may not: the list is free text workers typed.
 */
export function canReadUnanswered(staff: StaffIdentity): boolean {
  return staff.role === 'organizer' || staff.role === 'supervisor';
}

/** Who must log in with TOTP (see `Config.staffTotp`): every role, the roles that see reports, or none. */
export type TotpRule = 'all' | 'report-staff' | 'none';

/** True when an account of `role` must log in with a TOTP code under `rule`. */
export function totpRequired(rule: TotpRule, role: Role): boolean {
  return rule === 'all' || (rule === 'report-staff' && (role === 'officer' || role === 'supervisor'));
}

/** True when the staff member may see a report of this KCN. */
export function canSeeKcn(staff: StaffIdentity, kcn: string): boolean {
  return isSupervisor(staff) || (staff.role === 'officer' && staff.kcns.includes(kcn));
}

/**
 * The KCNs a listing may cover: a supervisor's request as is (undefined = all); an officer's request
 * narrowed silently to their own KCNs (another KCN gives an empty list, not an error).
 */
export function visibleKcns(staff: StaffIdentity, requested?: string): readonly string[] | undefined {
  if (isSupervisor(staff)) return requested ? [requested] : undefined;
  if (requested) return staff.kcns.includes(requested) ? [requested] : [];
  return staff.kcns;
}
