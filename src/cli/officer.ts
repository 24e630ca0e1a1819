/**
 * Staff accounts from the command line (`npm run officer -- <command>`):
 *   add <username> --kcn <id>[,<id>...] [--role officer|supervisor|organizer] [--totp]
 *   disable <username> | enable <username> | reset-password <username> | totp <username> | list
 * Passwords come from OFFICER_PASSWORD, or from a hidden prompt on a terminal; they are stored only as
 * argon2id hashes. `totp` (or `add --totp`) prints the otpauth:// URI to scan once; `add` enrols TOTP
 * by itself for a role that must use it (STAFF_REQUIRE_2FA; officers and supervisors in production).
 */
import { runCli, withRedis } from './run.js';
import { parseArgs } from 'node:util';
import { kcnIdsOf, totpRequired, type TotpRule } from '../admin/access.js';
import { createStaffStore, type StaffError, type StaffStore } from '../admin/staff-store.js';
import { ROLES, PASSWORD_MIN, type Account, type Role } from '../admin/types.js';
import { loadConfig } from '../config.js';
import { loadContent } from '../festival/load.js';
import { deriveKeys } from '../lib/crypto.js';
import { createRedisStaffStores } from '../store/redis/staff.js';

/** The help text. */
export const USAGE = `usage: npm run officer -- <command>
  add <username> --kcn <id>[,<id>...] [--role ${ROLES.join('|')}] [--totp]
  disable <username>
  enable <username>
  reset-password <username>
  totp <username>
  list
The password comes from OFFICER_PASSWORD or, on a terminal, from a prompt.
`;

/** Where the CLI writes and how it gets a password (injected, so tests need no terminal). */
export interface OfficerIo {
  out(text: string): void;
  err(text: string): void;
  /** The new password (OFFICER_PASSWORD or a prompt); undefined when none can be had. */
  password(): Promise<string | undefined>;
}

const ERRORS: Record<StaffError, string> = {
  exists: 'that username already exists',
  not_found: 'no such account',
  invalid_username: 'usernames are 2 to 32 of a-z 0-9 . _ -',
  invalid_kcn: 'unknown KCN id (see content/kcn.yaml; `other` is the not-sure queue)',
  no_kcn: 'an officer needs at least one --kcn',
  weak_password: `the password must be at least ${PASSWORD_MIN} characters`,
};

const describe = (a: Account) =>
  `${a.username}\t${a.role}\t${a.kcns.join(',') || '-'}\t${a.disabled ? 'disabled' : 'active'}\t${a.totpSealed ? 'totp' : 'no-totp'}\n`;

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { kcn: { type: 'string' }, role: { type: 'string', default: 'officer' }, totp: { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
}

async function add(store: StaffStore, io: OfficerIo, username: string, values: ReturnType<typeof parse>['values'], rule: TotpRule): Promise<number> {
  if (!ROLES.includes(values.role as Role)) return fail(io, `--role must be one of ${ROLES.join(', ')}`);
  const password = await io.password();
  if (password === undefined) return fail(io, 'set OFFICER_PASSWORD or run on a terminal');
  const kcns = (values.kcn ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const added = await store.add({ username, password, role: values.role as Role, kcns });
  if (!added.ok) return fail(io, ERRORS[added.error]);
  succeed(io, `added ${describe(added.value)}`);
  return values.totp || totpRequired(rule, added.value.role) ? totp(store, io, added.value.username) : 0;
}

async function totp(store: StaffStore, io: OfficerIo, username: string): Promise<number> {
  const enrolled = await store.enrolTotp(username);
  if (!enrolled.ok) return fail(io, ERRORS[enrolled.error]);
  return succeed(io, `scan this in an authenticator app (shown once):\n${enrolled.value.uri}\n`);
}

function fail(io: OfficerIo, message: string): number {
  io.err(`officer: ${message}\n`);
  return 1;
}

function succeed(io: OfficerIo, text: string): number {
  io.out(text);
  return 0;
}

/** Runs one command against the store; returns the process exit code. `rule`: who must log in with TOTP. */
export async function runOfficerCommand(args: string[], store: StaffStore, io: OfficerIo, rule: TotpRule = 'none'): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    return fail(io, `${(err as Error).message}\n${USAGE}`);
  }
  const [command, username] = parsed.positionals;
  if (parsed.values.help || !command) return succeed(io, USAGE);
  if (command === 'list') return succeed(io, (await store.list()).map(describe).join(''));
  if (!username) return fail(io, `missing <username>\n${USAGE}`);
  switch (command) {
    case 'add':
      return add(store, io, username, parsed.values, rule);
    case 'totp':
      return totp(store, io, username);
    case 'disable':
    case 'enable': {
      const done = await store.setDisabled(username, command === 'disable');
      return done.ok ? succeed(io, `${command}d ${done.value.username}\n`) : fail(io, ERRORS[done.error]);
    }
    case 'reset-password': {
      const password = await io.password();
      if (password === undefined) return fail(io, 'set OFFICER_PASSWORD or run on a terminal');
      const done = await store.resetPassword(username, password);
      return done.ok ? succeed(io, `password reset for ${done.value.username}; their sessions are closed\n`) : fail(io, ERRORS[done.error]);
    }
    default:
      return fail(io, `unknown command "${command}"\n${USAGE}`);
  }
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    let value = '';
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\r' || ch === '\n') return finish();
        value = ch === '\u007f' || ch === '\b' ? [...value].slice(0, -1).join('') : value + ch;
      }
    };
    const finish = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    stdin.on('data', onData);
  });
}

/** OFFICER_PASSWORD, or a prompt asked twice on a terminal. */
async function passwordFromEnvOrPrompt(fromEnv: string | undefined): Promise<string | undefined> {
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) return undefined;
  const first = await promptHidden('New password: ');
  const again = await promptHidden('Repeat it: ');
  if (first !== again) throw new Error('the passwords differ');
  return first;
}

async function main(): Promise<number> {
  const config = loadConfig();
  const content = loadContent(config.contentDir);
  return withRedis(config, (redis) => {
    const store = createStaffStore({
      accounts: createRedisStaffStores(redis, config.redisKeyPrefix).accounts,
      encryptionKey: deriveKeys(config.appSecret).encryption,
      kcnIds: kcnIdsOf(content),
    });
    const officerPassword = process.env.OFFICER_PASSWORD;
    return runOfficerCommand(
      process.argv.slice(2),
      store,
      {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        password: () => passwordFromEnvOrPrompt(officerPassword),
      },
      config.staffTotp,
    );
  });
}

runCli('officer', import.meta.url, main);
