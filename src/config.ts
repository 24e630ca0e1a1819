/**
 * Configuration: the only reader of `process.env`. Parsed once with zod; a bad environment stops
 * start-up with one message that names every bad variable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();
const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((s) => /^https?:\/\//.test(s), 'must start with http:// or https://')
  .transform((s) => s.replace(/\/+$/, ''));
/** A yes/no variable; unset or empty gives `undefined`, for a default that depends on other variables. */
const maybeFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === 'true' || v === '1' || v === 'yes'));
/** A yes/no variable; unset or empty means `fallback`. */
const flag = (fallback: boolean) => maybeFlag.transform((v) => v ?? fallback);
const bool = flag(false);
/** A comma-separated list of host names, lower-cased. */
const hostList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  METRICS_TOKEN: optionalString.refine((s) => s === undefined || s.length >= 24, 'must be at least 24 characters'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  REDIS_CLUSTER_NODES: z
    .string()
    .trim()
    .regex(/^$|^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'comma-separated host:port, like 10.0.0.1:7000,10.0.0.2:7000')
    .refine((s) => s.split(',').every((n) => Number(n.split(':')[1] ?? 0) <= 65535), 'a port is above 65535')
    .optional()
    .transform((s) => (s ? s.split(',').map((n) => ({ host: n.slice(0, n.lastIndexOf(':')), port: Number(n.slice(n.lastIndexOf(':') + 1)) })) : undefined)),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/i, 'letters, digits, _ or -, at most 32')
    .default('antq'),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters'),
  APP_SECRET_FILE: z.string().default('.local/app-secret'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'like 256kb or 1mb')
    .default('256kb'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  CONTENT_DIR: z.string().default('content'),
  /** Unset: on outside production, off in production (see `demoContent`). */
  DEMO_CONTENT: maybeFlag,
  DEFAULT_LANGUAGE: z.enum(['vi', 'en']).default('vi'),
  TRUST_PROXY: bool,
  PUBLIC_BASE_URL: httpUrl.optional(),
  STAFF_REQUIRE_2FA: z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v === 'true' || v === '1' || v === 'yes')),
  INTAKE_CLAIM_IDLE_MS: z.coerce.number().int().min(10).default(30_000),
  INTAKE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  INTAKE_WORKER: flag(true),
  WEBHOOK_MAX_AGE_HOURS: z.coerce
    .number()
    .min(1)
    .max(7 * 24)
    .default(6),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  RATE_USER_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  RATE_WEB_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  RATE_WEB_POLL_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  RATE_WEB_REPORTS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  RATE_WEB_LOOKUPS_PER_HOUR: z.coerce.number().int().min(1).default(30),
  RATE_WEB_SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).default(30),

  REPORT_DAILY_LIMIT: z.coerce.number().int().min(1).default(5),
  REPORT_CLAIM_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  REPORT_ESCALATE_MINUTES: z.coerce.number().int().min(1).default(240),
  REPORT_ADDRESS_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  UNANSWERED_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  STATS_MIN_COUNT: z.coerce.number().int().min(2).max(100).default(3),
  STATS_RETENTION_DAYS: z.coerce.number().int().min(730).default(800),
  REPORT_LOOKUP_CODE_MAX: z.coerce.number().int().min(1).default(10),
  REPORT_LOOKUP_LOCK_MINUTES: z.coerce.number().int().min(1).default(60),
  PHOTO_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(5 * 1024 * 1024),
  PHOTO_HOSTS: hostList('zdn.vn,zadn.vn,zalo.me,zaloapp.com,fbcdn.net,fbsbx.com,facebook.com'),
  PHOTO_HTTP_HOSTS: hostList('zdn.vn,zadn.vn'),

  ZALO_APP_ID: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_ACCESS_TOKEN: optionalString,
  ZALO_REFRESH_TOKEN: optionalString,
  ZALO_API_BASE_URL: httpUrl.default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE_URL: httpUrl.default('https://oauth.zaloapp.com'),
  ZALO_PAID_WINDOW: bool,

  FB_PAGE_ACCESS_TOKEN: optionalString,
  FB_APP_SECRET: optionalString,
  FB_VERIFY_TOKEN: optionalString,
  FB_GRAPH_API_URL: httpUrl.default('https://graph.facebook.com'),
  FB_GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'like v25.0')
    .default('v25.0'),
  FB_HUMAN_AGENT_TAG: bool,
});

type Env = z.infer<typeof schema>;

/** Zalo credentials, present only when every required variable is set. */
export interface ZaloConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  accessToken?: string;
  refreshToken?: string;
  apiBaseUrl: string;
  oauthBaseUrl: string;
  /**
   * A Zalo Cloud Account with a balance is linked to the OA, so messages may go (billed) from 48 hours
   * to 7 days after the user's last message; otherwise only within the free 48 hours.
   */
  paidWindow: boolean;
}

/** Messenger credentials, present only when every required variable is set. */
export interface MessengerConfig {
  pageAccessToken: string;
  appSecret: string;
  verifyToken: string;
  graphApiUrl: string;
  graphApiVersion: string;
  humanAgentTag: boolean;
}

/** One Redis Cluster seed node. */
export interface RedisNode {
  host: string;
  port: number;
}

/** Web chat actions an hour per client IP. */
export interface WebClientLimits {
  report: number;
  lookup: number;
  signup: number;
}

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  /**
   * `/metrics`: served on its own port (`port`, 0 for none) bound to `host` (127.0.0.1 unless told), and
   * on the public port only with `Authorization: Bearer <token>` when a token is set; else 404 there.
   */
  metrics: { port: number; host: string; token?: string };
  logLevel: Env['LOG_LEVEL'];
  redisUrl: string;
  /**
   * Redis Cluster seed nodes: when set, the bot uses ioredis' cluster client on them (credentials and
   * TLS still come from `redisUrl`) and `redisUrl`'s host is ignored.
   */
  redisClusterNodes?: RedisNode[];
  redisKeyPrefix: string;
  appSecret: string;
  bodyLimit: string;
  sessionIdleSeconds: number;
  contentDir: string;
  /**
   * Whether workers may see sample content (the sample events of content/events.yaml, marked
   * `sample: true`), always labelled as such. DEMO_CONTENT; on by default outside production, off in it.
   */
  demoContent: boolean;
  defaultLanguage: 'vi' | 'en';
  trustProxy: boolean;
  /** A stored webhook event claimed by an instance that went silent this long is taken by another (ms). */
  intakeClaimIdleMs: number;
  /** Webhook turns one instance runs at once. */
  intakeConcurrency: number;
  /** Whether this instance processes stored webhook events (false: it only acknowledges and stores them). */
  intakeWorker: boolean;
  /**
   * A signed webhook event older than this (ms, by its own timestamp) is acknowledged and dropped: longer
   * than the platforms' retry schedules, so only a replayed capture is that old.
   */
  webhookMaxAgeMs: number;
  /**
   * Who must log in with a TOTP code: `all` (STAFF_REQUIRE_2FA=true), `none` (STAFF_REQUIRE_2FA=false),
   * or, when it is not set, `report-staff` (officers and supervisors, who see reports) in production
   * and `none` elsewhere.
   */
  staffTotp: 'all' | 'report-staff' | 'none';
  /** The bot's public address (https://…), for image links sent to platforms; unset in local runs. */
  publicBaseUrl?: string;
  shutdownTimeoutMs: number;
  /**
   * Rate limits: messages a minute per user (any channel); web chat messages and polls a minute per IP;
   * reports sent, report lookups and event sign-ups an hour per IP on the web chat (where the session
   * id is whatever the browser says, so only the address holds).
   */
  rateLimits: { userPerMinute: number; webPerMinute: number; webPollPerMinute: number; webPerHour: WebClientLimits };
  reports: {
    dailyLimit: number;
    claimIdleMs: number;
    escalateMs: number;
    addressRetentionDays: number;
    retentionDays: number;
    /** Wrong secret keys for one report code, from any session, that lock its lookup (in one lock period). */
    lookupCodeMax: number;
    /** How long a report's lookup stays locked after too many wrong keys (ms). */
    lookupLockMs: number;
    photoMaxBytes: number;
    photoHosts: string[];
    /** Photo hosts whose links may be plain http (Zalo's photo CDN); tried over https first. */
    photoHttpHosts: string[];
  };
  /** Days an unanswered FAQ question (masked, normalised) is kept after it was last asked. */
  unansweredRetentionDays: number;
  /**
   * The board's statistics: counts from 1 to `minCount - 1` are hidden where a breakdown is finer than
   * park × month (STATS_MIN_COUNT, default 3); counters are kept `retentionDays` (at least two years).
   */
  stats: { minCount: number; retentionDays: number };
  /** Set only when all Zalo credentials are present: the channel is on. */
  zalo?: ZaloConfig;
  /** Set only when all Messenger credentials are present: the channel is on. */
  messenger?: MessengerConfig;
  /** Names of the channels that are on, for the start-up log. */
  channels: string[];
  /** Non-fatal notes for the start-up log (for example a generated development secret). */
  warnings: string[];
}

/** Raised when the environment is invalid; `message` lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Outside production, a missing APP_SECRET is generated once into a git-ignored file so that a
 * newcomer's `npm start` just works. Returns the secret and a warning, or nothing in production.
 */
function developmentSecret(file: string): { secret: string; warning: string } {
  const path = resolve(file);
  if (existsSync(path)) {
    const secret = readFileSync(path, 'utf8').trim();
    return { secret, warning: `APP_SECRET is not set; using the development secret in ${file}` };
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return { secret, warning: `APP_SECRET is not set; generated a development secret into ${file} (set APP_SECRET in production)` };
}

/** Parses the environment into a frozen Config, or throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const raw: Record<string, string | undefined> = { ...source };
  const warnings: string[] = [];
  if (!raw.APP_SECRET && raw.NODE_ENV !== 'production') {
    const dev = developmentSecret(raw.APP_SECRET_FILE || '.local/app-secret');
    raw.APP_SECRET = dev.secret;
    warnings.push(dev.warning);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = i.path.join('.') || '(environment)';
      const message = i.code === 'invalid_type' && raw[name] === undefined ? 'is required' : i.message;
      return `${name}: ${message}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const problems: string[] = [];
  const zalo = channelCredentials('Zalo', e, ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'], problems);
  const messenger = channelCredentials('Messenger', e, ['FB_PAGE_ACCESS_TOKEN', 'FB_APP_SECRET', 'FB_VERIFY_TOKEN'], problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST, ...(e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : {}) },
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    ...(e.REDIS_CLUSTER_NODES ? { redisClusterNodes: e.REDIS_CLUSTER_NODES } : {}),
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    appSecret: e.APP_SECRET,
    bodyLimit: e.BODY_LIMIT,
    sessionIdleSeconds: e.SESSION_IDLE_MINUTES * 60,
    contentDir: resolve(e.CONTENT_DIR),
    demoContent: e.DEMO_CONTENT ?? e.NODE_ENV !== 'production',
    defaultLanguage: e.DEFAULT_LANGUAGE,
    trustProxy: e.TRUST_PROXY,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    staffTotp: e.STAFF_REQUIRE_2FA === undefined ? (e.NODE_ENV === 'production' ? 'report-staff' : 'none') : e.STAFF_REQUIRE_2FA ? 'all' : 'none',
    intakeClaimIdleMs: e.INTAKE_CLAIM_IDLE_MS,
    intakeConcurrency: e.INTAKE_CONCURRENCY,
    intakeWorker: e.INTAKE_WORKER,
    webhookMaxAgeMs: e.WEBHOOK_MAX_AGE_HOURS * 3600_000,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    rateLimits: {
      userPerMinute: e.RATE_USER_PER_MINUTE,
      webPerMinute: e.RATE_WEB_PER_MINUTE,
      webPollPerMinute: e.RATE_WEB_POLL_PER_MINUTE,
      webPerHour: { report: e.RATE_WEB_REPORTS_PER_HOUR, lookup: e.RATE_WEB_LOOKUPS_PER_HOUR, signup: e.RATE_WEB_SIGNUPS_PER_HOUR },
    },
    reports: {
      dailyLimit: e.REPORT_DAILY_LIMIT,
      claimIdleMs: e.REPORT_CLAIM_IDLE_MINUTES * 60_000,
      escalateMs: e.REPORT_ESCALATE_MINUTES * 60_000,
      addressRetentionDays: e.REPORT_ADDRESS_RETENTION_DAYS,
      retentionDays: e.REPORT_RETENTION_DAYS,
      lookupCodeMax: e.REPORT_LOOKUP_CODE_MAX,
      lookupLockMs: e.REPORT_LOOKUP_LOCK_MINUTES * 60_000,
      photoMaxBytes: e.PHOTO_MAX_BYTES,
      photoHosts: e.PHOTO_HOSTS,
      photoHttpHosts: e.PHOTO_HTTP_HOSTS,
    },
    unansweredRetentionDays: e.UNANSWERED_RETENTION_DAYS,
    stats: { minCount: e.STATS_MIN_COUNT, retentionDays: e.STATS_RETENTION_DAYS },
    channels: ['web'],
    warnings,
  };
  if (zalo) {
    config.zalo = {
      appId: e.ZALO_APP_ID!,
      appSecret: e.ZALO_APP_SECRET!,
      oaSecretKey: e.ZALO_OA_SECRET_KEY!,
      accessToken: e.ZALO_ACCESS_TOKEN,
      refreshToken: e.ZALO_REFRESH_TOKEN,
      apiBaseUrl: e.ZALO_API_BASE_URL,
      oauthBaseUrl: e.ZALO_OAUTH_BASE_URL,
      paidWindow: e.ZALO_PAID_WINDOW,
    };
    config.channels.push('zalo');
  }
  if (messenger) {
    config.messenger = {
      pageAccessToken: e.FB_PAGE_ACCESS_TOKEN!,
      appSecret: e.FB_APP_SECRET!,
      verifyToken: e.FB_VERIFY_TOKEN!,
      graphApiUrl: e.FB_GRAPH_API_URL,
      graphApiVersion: e.FB_GRAPH_API_VERSION,
      humanAgentTag: e.FB_HUMAN_AGENT_TAG,
    };
    config.channels.push('messenger');
  }
  return Object.freeze(config);
}

/**
 * A channel is on when all its credentials are set, off when none are; a partial set is an error,
 * because it almost always means a typo in a variable name.
 */
function channelCredentials(label: string, e: Env, names: (keyof Env)[], problems: string[]): boolean {
  const missing = names.filter((n) => !e[n]);
  if (missing.length === names.length) return false;
  if (missing.length > 0) {
    for (const n of missing) problems.push(`${String(n)}: is required to switch the ${label} channel on`);
    return false;
  }
  return true;
}
