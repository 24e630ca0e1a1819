/**
 * `npm run messenger:setup`: sets the page's Messenger profile through the Messenger Profile API
 * (Get Started button, greeting in Vietnamese and English, persistent menu), with the texts from
 * `content/<lang>/messenger.yaml`, removes any ice breakers (they would hide Get Started, see
 * channels/messenger/profile.ts), and prints what it did. Needs the FB_* variables.
 */
import { pathToFileURL } from 'node:url';
import { createGraphClient, type RetryOptions } from '../channels/messenger/client.js';
import { buildMessengerProfile, describeProfile, REMOVED_PROFILE_FIELDS } from '../channels/messenger/profile.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { ContentError, loadContent, type Content } from '../festival/load.js';
import { createI18n } from '../core/i18n.js';
import { createLogger } from '../lib/logger.js';

/** Where the command writes (the process streams, or a buffer in tests). */
export interface SetupOutput {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Runs the setup and returns the exit code: 0 when the profile was set, 1 when the configuration or
 * content is invalid, Messenger is not configured, or Meta refused the call. Never prints the token.
 */
export async function runMessengerSetup(output: SetupOutput, env?: NodeJS.ProcessEnv, retry?: RetryOptions): Promise<number> {
  let config: Config;
  let content: Content;
  try {
    config = loadConfig(env);
    content = loadContent(config.contentDir);
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof ContentError)) throw err;
    output.err(`${err.message}\n`);
    return 1;
  }
  if (!config.messenger) {
    output.err('Messenger is not configured: set FB_PAGE_ACCESS_TOKEN, FB_APP_SECRET and FB_VERIFY_TOKEN.\n');
    return 1;
  }
  const profile = buildMessengerProfile(createI18n(content.resources, config.defaultLanguage), config.defaultLanguage);
  const client = createGraphClient({ config: config.messenger, logger: createLogger('silent'), retry });
  const set = await client.setProfile(profile);
  const result = set.ok ? await client.deleteProfileFields([...REMOVED_PROFILE_FIELDS]) : set;
  if (!result.ok) {
    const hint = result.tokenInvalid ? ': the page access token is invalid or expired, renew FB_PAGE_ACCESS_TOKEN' : '';
    const what = set.ok ? `Removing ${REMOVED_PROFILE_FIELDS.join(', ')} from the Messenger profile` : 'Setting the Messenger profile';
    output.err(`${what} failed (Graph error ${result.code})${hint}.\n`);
    return 1;
  }
  output.out(`Messenger profile set (${config.messenger.graphApiUrl}/${config.messenger.graphApiVersion}/me/messenger_profile):\n`);
  output.out(describeProfile(profile));
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const output: SetupOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  void runMessengerSetup(output).then((code) => {
    process.exitCode = code;
  });
}
