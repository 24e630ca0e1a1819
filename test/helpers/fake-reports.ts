/**
 * An in-memory ReportService for the officers' side tests: seeded reports, the claim / ask / note /
 * status rules in their simplest form, and photos as bytes.
 * Also `startAdminApp`: the admin router in a small express app on a fresh Redis prefix.
 */
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { createAlertLinks, type AlertLinks } from '../../src/admin/alerts.js';
import type { AuditLog } from '../../src/admin/ports.js';
import { createAdminRouter, type AdminConfig, type AdminOptions } from '../../src/admin/router.js';
import { createStaffStore, type StaffStore } from '../../src/admin/staff-store.js';
import { kcnIdsOf } from '../../src/admin/access.js';
import type { Role } from '../../src/admin/types.js';
import { loadConfig } from '../../src/config.js';
import { createI18n } from '../../src/core/i18n.js';
import type { Say } from '../../src/core/flow.js';
import { fold } from '../../src/core/normalize.js';
import { deriveKeys } from '../../src/lib/crypto.js';
import { createLogger } from '../../src/lib/logger.js';
import { createRedisClient, waitForRedis, type Redis } from '../../src/store/redis/client.js';
import { content, REDIS_CLUSTER_NODES, REDIS_URL, TEST_SECRET, uniquePrefix } from './bot.js';
import { deleteKeys, scanKeys } from './redis.js';
import type { ReportDetail, ReportResult, ReportService, ReportStatus } from '../../src/reports/types.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';
import { createRedisAuditLog } from '../../src/store/redis/staff.js';

export interface FakeReports extends ReportService {
  reports: Map<string, ReportDetail>;
  photos: Map<string, { contentType: string; data: Buffer }>;
  /** Adds a report (defaults for every field not given); returns it. */
  seed(partial: Partial<ReportDetail> & { code: string; kcn: string }): ReportDetail;
}

const CLOSED: readonly ReportStatus[] = ['resolved', 'rejected'];

/** Builds an empty fake; `clock` stamps messages and notes. */
export function createFakeReports(clock: () => Date = () => new Date('2026-05-01T08:00:00Z')): FakeReports {
  const reports = new Map<string, ReportDetail>();
  const photos = new Map<string, { contentType: string; data: Buffer }>();
  const ok = <T>(value: T): ReportResult<T> => ({ ok: true, value });
  const at = () => clock().toISOString();

  function open(code: string, officer: string): ReportResult<ReportDetail> {
    const r = reports.get(code);
    if (!r) return { ok: false, error: 'not_found' };
    if (CLOSED.includes(r.status)) return { ok: false, error: 'closed' };
    if (r.claimedBy && r.claimedBy !== officer) return { ok: false, error: 'not_claimed_by_you' };
    return { ok: true, value: r };
  }

  const fake: FakeReports = {
    reports,
    photos,
    seed(partial) {
      const report: ReportDetail = {
        status: 'new',
        category: 'theft',
        createdAt: '2026-05-01T07:00:00.000Z',
        description: 'Có người lấy trộm xe máy ở bãi xe.',
        when: 'sáng nay',
        attachments: [],
        messages: [],
        notes: [],
        canMessageReporter: true,
        ...partial,
      };
      reports.set(report.code, report);
      return report;
    },
    async list(filter) {
      const words = filter.text ? fold(filter.text).split(' ') : [];
      const text = (r: ReportDetail) =>
        fold([r.code, r.description, r.when, r.place ?? '', ...r.messages.map((m) => m.text), ...r.notes.map((n) => n.text)].join(' '));
      return [...reports.values()]
        .filter((r) => (!filter.status || r.status === filter.status) && (!filter.kcns || filter.kcns.includes(r.kcn)))
        .filter((r) => !filter.category || r.category === filter.category)
        .filter((r) => words.every((w) => text(r).includes(w)))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map(({ code, status, category, kcn, createdAt, claimedBy, messages }) => {
          const lastAnswerAt = messages.filter((m) => m.from === 'reporter').at(-1)?.at;
          return { code, status, category, kcn, createdAt, claimedBy, ...(lastAnswerAt ? { lastAnswerAt } : {}) };
        });
    },
    async get(code) {
      const r = reports.get(code);
      return r ? structuredClone(r) : undefined;
    },
    async claim(code, officer) {
      const r = reports.get(code);
      if (!r) return { ok: false, error: 'not_found' };
      if (r.claimedBy && r.claimedBy !== officer) return { ok: false, error: 'already_claimed' };
      Object.assign(r, { claimedBy: officer, status: 'claimed' });
      return ok(undefined);
    },
    async ask(code, officer, text) {
      const opened = open(code, officer);
      if (!opened.ok) return opened;
      if (!opened.value.canMessageReporter) return { ok: false, error: 'thread_closed' };
      opened.value.messages.push({ from: 'officer', text, at: at() });
      // Asking claims the report and waits for the reporter, as the officer service does.
      Object.assign(opened.value, { claimedBy: officer, status: 'need_info' });
      return ok({ queued: true as const });
    },
    async note(code, officer, text) {
      const r = reports.get(code);
      if (!r) return { ok: false, error: 'not_found' };
      r.notes.push({ by: officer, text, at: at() });
      return ok(undefined);
    },
    async setStatus(code, officer, status, note) {
      const opened = open(code, officer);
      if (!opened.ok) return opened;
      if (status === 'new' || (status === 'claimed' && opened.value.status !== 'need_info')) return { ok: false, error: 'invalid_status' };
      opened.value.status = status;
      if (status === 'need_info' || status === 'claimed') opened.value.claimedBy ??= officer;
      if (note) opened.value.notes.push({ by: officer, text: note, at: at() });
      return ok(undefined);
    },
    async photo(code, attachmentId) {
      return reports.get(code)?.attachments.some((a) => a.id === attachmentId) ? photos.get(`${code}/${attachmentId}`) : undefined;
    },
  };
  return fake;
}

// A small app around the admin router, for the admin integration and browser tests.
export const PASSWORD = 'correct horse battery';

export interface AdminTestApp {
  app: Express;
  redis: Redis;
  config: AdminConfig;
  reports: FakeReports;
  staff: StaffStore;
  alerts: AlertLinks;
  audit: AuditLog;
  /** What the staff side told staff members on their linked chat accounts (`notify`). */
  notified: { username: string; say: Say[] }[];
  /** Creates an account with PASSWORD. */
  addStaff(username: string, role: Role, kcns: string[]): Promise<void>;
  /** Creates lan (officer, dinh-tram), minh (officer, quang-chau), chi-huy (supervisor) and btc (organizer). */
  addTeam(): Promise<void>;
  /** Logs in with a fresh agent; returns it with its CSRF token. */
  login(username: string, extra?: { totp?: string }): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }>;
  keysInRedis(): Promise<string[]>;
  cleanup(): Promise<void>;
}

/** Builds helmet + express.json + the admin router + a 404 and an error handler, on a fresh prefix. */
export async function startAdminApp(
  name: string,
  options: Partial<AdminOptions> = {},
  env: Record<string, string> = {},
  configPatch: Partial<AdminConfig> = {},
): Promise<AdminTestApp> {
  const loaded = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET: TEST_SECRET,
    REDIS_URL,
    REDIS_CLUSTER_NODES,
    REDIS_KEY_PREFIX: uniquePrefix(name),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const config: AdminConfig = { ...loaded, ...configPatch };
  const redis = createRedisClient(config);
  redis.on('error', () => undefined);
  await waitForRedis(redis);
  const secrets = deriveKeys(config.appSecret);
  const reports = createFakeReports();
  const prefix = config.redisKeyPrefix;
  const app = express();
  app.set('trust proxy', 'loopback'); // tests choose the client address with X-Forwarded-For
  app.use(helmet());
  app.use(express.json());
  const i18n = createI18n(content.resources, 'vi');
  const notified: AdminTestApp['notified'] = [];
  const notify = async (username: string, say: Say[]) => void notified.push({ username, say });
  app.use(
    createAdminRouter({
      config,
      stores: createRedisStaffStores(redis, prefix),
      secrets,
      logger: createLogger('silent'),
      i18n,
      content,
      reports,
      notify,
      options,
    }),
  );
  app.use((_req, res) => void res.status(404).json({ error: { code: 'not_found' } }));
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    res.status(500).json({ error: { code: 'internal', message: String(err) } });
  };
  app.use(onError);
  const staff = createStaffStore({ accounts: createRedisStaffStores(redis, prefix).accounts, encryptionKey: secrets.encryption, kcnIds: kcnIdsOf(content) });
  const addStaff = async (username: string, role: Role, kcns: string[]) => {
    const added = await staff.add({ username, password: PASSWORD, role, kcns });
    if (!added.ok) throw new Error(`addStaff ${username}: ${added.error}`);
  };
  const keysInRedis = () => scanKeys(redis, `${prefix}:*`);
  return {
    app,
    redis,
    config,
    reports,
    staff,
    alerts: createAlertLinks({ links: createRedisStaffStores(redis, prefix).alertLinks, accounts: createRedisStaffStores(redis, prefix).accounts }),
    audit: createRedisAuditLog(redis, prefix),
    notified,
    addStaff,
    async addTeam() {
      await addStaff('lan', 'officer', ['dinh-tram']);
      await addStaff('minh', 'officer', ['quang-chau']);
      await addStaff('chi-huy', 'supervisor', []);
      await addStaff('btc', 'organizer', []);
    },
    async login(username, extra = {}) {
      const agent = request.agent(app);
      const res = await agent.post('/api/admin/login').send({ username, password: PASSWORD, ...extra });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return { agent, csrf: res.body.csrfToken as string };
    },
    keysInRedis,
    async cleanup() {
      await deleteKeys(redis, await keysInRedis());
      await redis.quit();
    },
  };
}
