import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Paths that may carry a secret. Redaction is configured here so that a log call that
 * passes a whole request, config or error object cannot leak the token or an API key.
 */
export const REDACTED_PATHS = [
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'QUALITLY_API_KEY',
  '*.QUALITLY_API_KEY',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'config.DISCORD_TOKEN',
  'config.QUALITLY_API_KEY',
  'SETTINGS_ENCRYPTION_KEY',
  '*.SETTINGS_ENCRYPTION_KEY',
  'config.SETTINGS_ENCRYPTION_KEY',
];

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Destination of the JSON lines, standard output by default. Tests pass a stream to capture them. */
  destination?: DestinationStream;
  /** Exact secret values (the configured token and key) to mask wherever they would appear in text. */
  secrets?: readonly string[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 8);
  const mask = (text: string) => maskSecrets(text, secrets);

  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'qc-lookup-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: (error: Error) => serializeError(error, mask) },
      hooks: {
        // Messages are free text, so a secret could only reach them through an error's text: mask it there too.
        logMethod(args, method) {
          const masked = args.map((arg: unknown) => (typeof arg === 'string' ? mask(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    // Synchronous writes keep lines in order and lose none when the process exits right after a fatal error.
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * Serializes an error with every string field masked. Discord REST errors also carry the request
 * body, which can hold member text or a submitted form, so it is dropped.
 */
function serializeError(error: Error, mask: (text: string) => string) {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  delete serialized.requestBody;
  return maskStrings(serialized, mask, ERROR_MASK_DEPTH);
}

/** Levels of nested objects (causes, raw errors) whose strings are masked; deeper ones are dropped. */
const ERROR_MASK_DEPTH = 4;

function maskStrings(value: unknown, mask: (text: string) => string, depth: number): unknown {
  if (typeof value === 'string') return mask(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth === 0) return '[omitted]';
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, mask, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, mask, depth - 1)]));
}

/**
 * Replaces anything that looks like a Qualit.ly key, a Discord token or an interaction token in
 * free text. An interaction token sits in the path of webhook and callback URLs, and anyone with
 * it can edit the bot's replies for 15 minutes.
 */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join('[redacted]');
  return masked
    .replace(/qc_(live|test)_[A-Za-z0-9]{8,}/g, 'qc_$1_[redacted]')
    .replace(/[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}/g, '[redacted token]')
    .replace(/\/(webhooks|interactions)\/([0-9]+)\/[^/?#\s"']+/g, '/$1/$2/[redacted]');
}

/** Drops the user name and password from a URL before it is logged, as a REST proxy's URL may carry them. */
export function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}
