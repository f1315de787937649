import { z } from 'zod';
import { API_KEY_PATTERN } from '../settings/api-key.js';
import { decodeEncryptionSecret } from '../settings/encryption.js';

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';
export const DEFAULT_QUALITLY_BASE_URL = 'https://backend.qualit.ly/api/v1';
export const DEFAULT_DATA_DIR = './data';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** Returns the URL's scheme with its colon, or null when the text is not a URL; never throws. */
function protocolOf(value: string): string | null {
  try {
    return new URL(value).protocol;
  } catch {
    return null;
  }
}

function httpUrl(protocols: readonly string[]) {
  return z
    .string()
    .trim()
    .url({ message: 'must be a URL' })
    .refine((value) => protocols.includes(protocolOf(value) ?? ''), {
      message: `must start with ${protocols.map((protocol) => `${protocol}//`).join(' or ')}`,
    })
    .transform((value) => value.replace(/\/+$/, ''));
}

/** Environment variables of the bot; the names are part of its interface for operators. */
export const configSchema = z.object({
  DISCORD_TOKEN: z.string().trim(),
  DISCORD_API_URL: httpUrl(['https:', 'http:']).default(DEFAULT_DISCORD_API_URL),
  QUALITLY_API_KEY: optionalString.pipe(z.string().regex(API_KEY_PATTERN, 'must be qc_live_ or qc_test_ followed by 32 letters and digits').optional()),
  QUALITLY_KEY_FOR_ALL_GUILDS: booleanFlag(true),
  SETTINGS_ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .refine((value) => decodeEncryptionSecret(value) !== null, {
        message: 'must be 32 random bytes as 64 hexadecimal characters or as base64, for example the output of `openssl rand -base64 32`',
      })
      .optional(),
  ),
  DATA_DIR: optionalString.transform((value) => value ?? DEFAULT_DATA_DIR),
  QUALITLY_BASE_URL: httpUrl(['https:', 'http:']).default(DEFAULT_QUALITLY_BASE_URL),
  REDIS_URL: optionalString.pipe(redisUrl().optional()),
  MAX_PRODUCTS_PER_MESSAGE: z.coerce
    .number({ message: 'must be a whole number from 1 to 10' })
    .int('must be a whole number from 1 to 10')
    .min(1, 'must be a whole number from 1 to 10')
    .max(10, 'must be a whole number from 1 to 10: Discord shows at most 10 embeds per message')
    .default(5),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

/** Parses a true/false variable: `true`, `false`, `1`, `0`, `yes` or `no` in any case, or unset or empty for the default. */
function booleanFlag(defaultValue: boolean) {
  return optionalString
    .transform((value) => value?.toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }).optional())
    .transform((value) => (value === undefined ? defaultValue : ['true', '1', 'yes'].includes(value)));
}

function redisUrl() {
  return z
    .string()
    .url({ message: 'must be a URL such as redis://127.0.0.1:6379' })
    .refine((value) => ['redis:', 'rediss:'].includes(protocolOf(value) ?? ''), {
      message: 'must start with redis:// or rediss://',
    });
}

export type Config = z.infer<typeof configSchema>;

const REQUIRED_HINTS: Record<string, string> = {
  DISCORD_TOKEN: ': the bot token from the Discord developer portal (Bot, Reset Token)',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the bot's settings from environment variables.
 * Throws one ConfigError that names every invalid variable; values are never echoed, since some are secrets.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value means unset, as in the `NAME=` lines of .env.example, so the default applies.
  const values = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = configSchema.safeParse(values);
  const problems: string[] = [];
  const reported = new Set<string>();
  for (const issue of result.success ? [] : result.error.issues) {
    // One line per variable: for a value that is not a URL at all, its wrong scheme is no news.
    const variable = issue.path.join('.') || '(environment)';
    if (reported.has(variable)) continue;
    reported.add(variable);

    const missing = values[variable] === undefined && issue.code === 'invalid_type';
    problems.push(missing ? `${variable} is required${REQUIRED_HINTS[variable] ?? ''}` : `${variable} ${issue.message}`);
  }

  // Without the operator's key and without a way to store guild keys, no lookup could ever run.
  if (!env.QUALITLY_API_KEY?.trim() && !env.SETTINGS_ENCRYPTION_KEY?.trim()) {
    problems.push(
      'QUALITLY_API_KEY or SETTINGS_ENCRYPTION_KEY is required: set QUALITLY_API_KEY to pay for lookups with your own key, ' +
        'or SETTINGS_ENCRYPTION_KEY so that server admins can store their own keys, or both',
    );
  }

  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(problems);
}
