/** The FAQ statistics: what the FAQ could not answer, counted (unanswered.ts), the flow's effect and the staff route. */
import type { Router } from 'express';
import type { EffectHandler } from '../core/flow.js';
import { createUnansweredRoutes } from './admin-routes.js';
import { faqEffects } from './effects.js';
import type { UnansweredStore } from './ports.js';
import { createUnanswered, type Unanswered } from './unanswered.js';

export interface FaqStatistics {
  unanswered: Unanswered;
  effects: Record<string, EffectHandler>;
  /** `GET /api/admin/faq/unanswered`, to mount behind the admin authentication. */
  adminRoutes(): Router;
}

export function createFaqStatistics(deps: { store: UnansweredStore; retentionDays?: number; clock?: () => Date }): FaqStatistics {
  const unanswered = createUnanswered(deps.store, { retentionDays: deps.retentionDays, clock: deps.clock });
  return { unanswered, effects: faqEffects({ unanswered }), adminRoutes: () => createUnansweredRoutes({ unanswered }) };
}
