/**
 * The engine's inbox: what waits for a user at the start of their turn. Read only: both inboxes are
 * emptied by the joined ack, once the turn is saved. Later-inbox messages (sign-ups: promotions) come
 * first. Each inbox is kept under the pseudonym of the feature that fills it.
 */
import { joinDeliveries, type InboxDelivery } from '../core/flow.js';
import type { Inbox } from '../core/ports.js';

export interface TurnInboxDeps {
  /** Messages kept for later (sign-up promotions), under the user's sign-up pseudonym. */
  later: Pick<Inbox, 'peek'>;
  /** Officers' questions and closing notices, under the user's report pseudonym. */
  reports: { inbox(reporter: string): Promise<InboxDelivery | undefined> };
  pseudonymFor(feature: string, userKey: string): string;
}

export function turnInbox(deps: TurnInboxDeps): (userKey: string) => Promise<InboxDelivery | undefined> {
  return async (userKey) => {
    // Both read at once: one round trip, not two (they are kept under different pseudonyms, so no one script could read both).
    const [later, reports] = await Promise.all([
      deps.later.peek(deps.pseudonymFor('signup', userKey)),
      deps.reports.inbox(deps.pseudonymFor('report', userKey)),
    ]);
    return joinDeliveries(later, reports);
  };
}
