/**
 * The officers' and organisers' side: the dashboard page `/admin` and the JSON API `/api/admin/*`.
 * Request flow:
 * 1. `/admin` and `/admin/static/*` are public (the page logs in through the API);
 * 2. `POST /api/admin/login` is public, with lock-out;
 * 3. every other `/api/admin/*` call needs the session cookie (401) and, when it changes state, the
 *    session's `X-CSRF-Token` (403);
 * 4. report routes need the officer or supervisor role (403), and an officer only sees their KCNs.
 * Errors thrown by handlers go to the app's one error middleware.
 */
import express, { type Router } from 'express';
import type { Config } from '../config.js';
import type { ContentEditor } from '../edits/service.js';
import type { Content } from '../festival/load.js';
import type { I18n } from '../core/i18n.js';
import type { Lang } from '../core/message.js';
import type { DerivedKeys } from '../lib/crypto.js';
import type { Logger } from '../lib/logger.js';
import type { ReportService } from '../reports/types.js';
import type { Say } from '../core/flow.js';
import { canReadUnanswered, canUseReports, isSupervisor, kcnIdsOf, type TotpRule } from './access.js';
import { createAlertLinks } from './alerts.js';
import { createAlertRoutes } from './alert-routes.js';
import { requireCsrf, requireRole, requireStaff } from './auth-middleware.js';
import { createLoginRoute, createSessionRoutes } from './auth-routes.js';
import { currentStaff, type AdminContext } from './context.js';
import { createEventEditRoutes } from './event-edit-routes.js';
import { createEventRoutes, type EventRoutesDeps } from './event-routes.js';
import { createFaqEditRoutes } from './faq-edit-routes.js';
import { createLockout, DEFAULT_LOCKOUT, type LockoutPolicy } from './lockout.js';
import { createPageRoutes } from './page.js';
import type { StaffStores } from './ports.js';
import { createReportQueueRoutes } from './report-queue.js';
import { createReportRoutes } from './report-routes.js';
import { createSessionStore } from './sessions.js';
import { createSignupRoutes } from './signup-routes.js';
import { createStaffStore } from './staff-store.js';
import { createSupervisorRoutes } from './supervisor-routes.js';

/** The bot's config, as the staff side reads it. */
export type AdminConfig = Readonly<Config>;

/** Tunables of the staff side; every field has a default. */
export interface AdminOptions {
  /** Who must log in with TOTP (default: `config.staffTotp`). */
  totp: TotpRule;
  /** Session idle time (default 30 minutes) and absolute lifetime (default 12 hours). */
  sessionIdleSeconds: number;
  sessionMaxAgeSeconds: number;
  lockout: LockoutPolicy;
  /** Language of the CSV header row (default: the bot's default language). */
  csvLang: Lang;
  /** How often the live pages (the queue, a report, a broadcast's counts) ask for news, in seconds (default 5). */
  pollSeconds: number;
}

/** What `createAdminRouter` needs (the composition root passes the bot's own objects). */
export interface AdminRouterDeps {
  config: AdminConfig;
  /** Accounts, sessions, lock-out, audit log, alert links and marks (admin/ports.ts). */
  stores: StaffStores;
  secrets: DerivedKeys;
  logger: Logger;
  i18n: I18n;
  content: Content;
  reports: ReportService;
  /**
   * Broadcast routes (`/api/admin/broadcasts`), mounted behind the session and CSRF guards: starting,
   * scheduling, cancelling and previewing a broadcast are for supervisors, reading for organisers too.
   */
  broadcasts?: Router;
  /** FAQ-statistics routes (`/api/admin/faq/*`), behind the same guards: organisers and supervisors, every read audited. */
  faq?: Router;
  /** Organisers' event tools (editing, the sign-up list, CSV, check-in), when the events module and the editor are wired. */
  events?: Omit<EventRoutesDeps, 'i18n' | 'lang' | 'editor'>;
  /** Edits events and the FAQ (content edited in the dashboard, edits/service.ts). */
  editor?: ContentEditor;
  /** Removes a question from the unanswered list (it became a phrasing, or needs no answer). */
  forgetUnanswered?(question: string): Promise<void>;
  /** The board's statistics (`/api/admin/stats`, `/api/admin/stats.csv`), behind the session guard: each role sees its part. */
  stats?: Router;
  /** The bot's clock (default: the system's); the queue's "new answer" marks compare it with the reporters' times. */
  clock?: () => Date;
  /** Sends messages to a staff member's linked chat account (alerts about their own account); none when absent. */
  notify?(username: string, say: Say[]): Promise<void>;
  options?: Partial<AdminOptions>;
}

/** A lock of an account is told to its owner at most once in this many seconds (an attack from many addresses sends one message). */
const LOCK_NOTICE_SECONDS = 3600;

function buildContext(deps: AdminRouterDeps, options: AdminOptions): AdminContext {
  const { stores, config } = deps;
  const kcnIds = kcnIdsOf(deps.content);
  const secure = config.env === 'production';
  return {
    staff: createStaffStore({ accounts: stores.accounts, encryptionKey: deps.secrets.encryption, kcnIds }),
    sessions: createSessionStore({
      store: stores.sessions,
      cookieKey: deps.secrets.cookie,
      idleSeconds: options.sessionIdleSeconds,
      maxAgeSeconds: options.sessionMaxAgeSeconds,
    }),
    lockout: createLockout(stores.lockout, options.lockout),
    audit: stores.audit,
    alerts: createAlertLinks({ links: stores.alertLinks, accounts: stores.accounts }),
    reports: deps.reports,
    logger: deps.logger,
    marks: stores.marks,
    totp: options.totp,
    async tellLocked(username, seconds) {
      if (!deps.notify) return;
      if (!(await stores.marks.firstLockNotice(username, LOCK_NOTICE_SECONDS))) return;
      await deps
        .notify(username, [{ key: 'staff:login_locked', params: { username, minutes: Math.max(1, Math.ceil(seconds / 60)) } }])
        .catch((err: unknown) => deps.logger.warn({ err }, 'lock notice not delivered'));
    },
    cookie: { name: secure ? '__Host-antq_admin' : 'antq_admin', secure },
    kcnIds,
    reads: stores.reads,
    timezone: deps.content.data.calendar.timezone,
    clock: deps.clock ?? (() => new Date()),
  };
}

/** Builds the admin router; mount it once on the app, before the 404 handler. */
export function createAdminRouter(deps: AdminRouterDeps): Router {
  const options: AdminOptions = {
    totp: deps.config.staffTotp,
    sessionIdleSeconds: 30 * 60,
    sessionMaxAgeSeconds: 12 * 3600,
    lockout: DEFAULT_LOCKOUT,
    csvLang: deps.config.defaultLanguage,
    pollSeconds: 5,
    ...deps.options,
  };
  const ctx = buildContext(deps, options);
  const router = express.Router();
  router.use(createPageRoutes(deps.content, options.totp !== 'none', options.pollSeconds));
  router.use(createLoginRoute(ctx));
  router.use('/api/admin', requireStaff(ctx), requireCsrf);
  router.use(createSessionRoutes(ctx));
  router.use(createAlertRoutes(ctx));
  router.use(createSupervisorRoutes(ctx, deps.i18n, options.csvLang));
  const organiserOrSupervisor = requireRole((s) => s.role === 'supervisor' || s.role === 'organizer');
  if (deps.events && deps.editor) {
    const events: EventRoutesDeps = { ...deps.events, editor: deps.editor, i18n: deps.i18n, lang: options.csvLang };
    router.use(createEventRoutes(ctx, events), createEventEditRoutes(ctx, events), createSignupRoutes(ctx, events));
  }
  if (deps.editor) {
    router.use(['/api/admin/faq/entries', '/api/admin/faq/preview', '/api/admin/faq/unanswered/dismiss'], organiserOrSupervisor);
    router.use(createFaqEditRoutes(ctx, { editor: deps.editor, clock: deps.events?.clock ?? (() => new Date()), forgetUnanswered: deps.forgetUnanswered }));
  }
  if (deps.broadcasts) {
    // Starting, scheduling, cancelling and previewing (every POST) are for supervisors; reading for organisers too.
    const onlySupervisors = requireRole(isSupervisor);
    router.use('/api/admin/broadcasts', (req, res, next) => (req.method === 'POST' ? onlySupervisors(req, res, next) : next()));
    router.use('/api/admin/broadcasts', organiserOrSupervisor);
    router.use(deps.broadcasts);
  }
  if (deps.faq) {
    router.use('/api/admin/faq', organiserOrSupervisor);
    // Every read of the unanswered questions is in the audit log, recorded before the list is served.
    router.get('/api/admin/faq/unanswered', requireRole(canReadUnanswered), async (_req, res, next) => {
      await ctx.audit.append({ actor: currentStaff(res).username, action: 'unanswered_read' });
      next();
    });
    router.use(deps.faq);
  }
  if (deps.stats) router.use(deps.stats);
  router.use('/api/admin/reports', requireRole(canUseReports));
  router.use(createReportQueueRoutes(ctx));
  router.use(createReportRoutes(ctx));
  return router;
}
