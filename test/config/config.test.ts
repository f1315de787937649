import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATA_DIR, DEFAULT_DISCORD_API_URL, DEFAULT_QUALITLY_BASE_URL, loadConfig } from '../../src/config/config.js';

const VALID_KEY = `qc_live_${'A1b2'.repeat(8)}`;
const VALID_ENV = { DISCORD_TOKEN: 'token-value', QUALITLY_API_KEY: VALID_KEY };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies defaults to optional variables', () => {
    const config = loadConfig(VALID_ENV);
    expect(config.DISCORD_API_URL).toBe(DEFAULT_DISCORD_API_URL);
    expect(config.QUALITLY_BASE_URL).toBe(DEFAULT_QUALITLY_BASE_URL);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('treats empty REDIS_URL as unset', () => {
    expect(loadConfig({ ...VALID_ENV, REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });

  it('strips trailing slashes from base URLs', () => {
    const config = loadConfig({ ...VALID_ENV, DISCORD_API_URL: 'http://127.0.0.1:3000/api/', QUALITLY_BASE_URL: 'http://127.0.0.1:4000/api/v1//' });
    expect(config.DISCORD_API_URL).toBe('http://127.0.0.1:3000/api');
    expect(config.QUALITLY_BASE_URL).toBe('http://127.0.0.1:4000/api/v1');
  });

  it('names every invalid variable at once', () => {
    const problems = problemsOf({ QUALITLY_API_KEY: 'qc_live_short', DISCORD_API_URL: 'ftp://host', REDIS_URL: 'http://host', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(5);
    expect(problems.some((problem) => problem.startsWith('DISCORD_TOKEN is required'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('QUALITLY_API_KEY must be qc_live_ or qc_test_'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('DISCORD_API_URL must start with'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('REDIS_URL must start with redis://'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('LOG_LEVEL must be one of'))).toBe(true);
  });

  it('reports malformed URLs without throwing', () => {
    const problems = problemsOf({ ...VALID_ENV, REDIS_URL: 'redis//:hunter2@127.0.0.1', QUALITLY_BASE_URL: 'not a url' });
    expect(problems).toEqual(['QUALITLY_BASE_URL must be a URL', 'REDIS_URL must be a URL such as redis://127.0.0.1:6379']);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('names a value of the wrong type', () => {
    expect(problemsOf({ ...VALID_ENV, MAX_PRODUCTS_PER_MESSAGE: 'five' })).toEqual(['MAX_PRODUCTS_PER_MESSAGE must be a whole number from 1 to 10']);
  });

  it('treats every empty value as unset', () => {
    const config = loadConfig({ ...VALID_ENV, DISCORD_API_URL: '', QUALITLY_BASE_URL: ' ', MAX_PRODUCTS_PER_MESSAGE: '', LOG_LEVEL: '', DATA_DIR: '' });
    expect(config.DISCORD_API_URL).toBe(DEFAULT_DISCORD_API_URL);
    expect(config.QUALITLY_BASE_URL).toBe(DEFAULT_QUALITLY_BASE_URL);
    expect(config.MAX_PRODUCTS_PER_MESSAGE).toBe(5);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('never echoes a secret value', () => {
    const secret = 'qc_live_not-a-valid-key-but-secret';
    const problems = problemsOf({ DISCORD_TOKEN: 'x', QUALITLY_API_KEY: secret });
    expect(problems.join('\n')).not.toContain(secret);
  });
});

describe('guild key settings', () => {
  const SECRET_HEX = 'ab'.repeat(32);

  it('defaults the new variables', () => {
    const config = loadConfig(VALID_ENV);
    expect(config.QUALITLY_KEY_FOR_ALL_GUILDS).toBe(true);
    expect(config.SETTINGS_ENCRYPTION_KEY).toBeUndefined();
    expect(config.DATA_DIR).toBe(DEFAULT_DATA_DIR);
  });

  it('runs on the secret alone', () => {
    const config = loadConfig({ DISCORD_TOKEN: 'token-value', SETTINGS_ENCRYPTION_KEY: SECRET_HEX });
    expect(config.QUALITLY_API_KEY).toBeUndefined();
    expect(config.SETTINGS_ENCRYPTION_KEY).toBe(SECRET_HEX);
  });

  it('needs a key or a secret', () => {
    const problems = problemsOf({ DISCORD_TOKEN: 'token-value', QUALITLY_API_KEY: '', SETTINGS_ENCRYPTION_KEY: ' ' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^QUALITLY_API_KEY or SETTINGS_ENCRYPTION_KEY is required/);
  });

  it.each([
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['no', false],
    ['true', true],
    ['1', true],
    ['', true],
  ])('reads QUALITLY_KEY_FOR_ALL_GUILDS=%j', (value, expected) => {
    expect(loadConfig({ ...VALID_ENV, QUALITLY_KEY_FOR_ALL_GUILDS: value }).QUALITLY_KEY_FOR_ALL_GUILDS).toBe(expected);
  });

  it('rejects a flag that is not boolean', () => {
    expect(problemsOf({ ...VALID_ENV, QUALITLY_KEY_FOR_ALL_GUILDS: 'sometimes' })).toEqual(['QUALITLY_KEY_FOR_ALL_GUILDS must be true or false']);
  });

  it.each([
    ['16 bytes', Buffer.alloc(16, 7).toString('base64')],
    ['a passphrase', 'hunter2-but-longer-than-that'],
  ])('rejects a secret of %s', (_case, secret) => {
    const problems = problemsOf({ ...VALID_ENV, SETTINGS_ENCRYPTION_KEY: secret });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SETTINGS_ENCRYPTION_KEY must be 32 random bytes/);
    expect(problems[0]).not.toContain(secret);
  });

  it('accepts a base64 secret', () => {
    const secret = Buffer.alloc(32, 9).toString('base64');
    expect(loadConfig({ ...VALID_ENV, SETTINGS_ENCRYPTION_KEY: secret }).SETTINGS_ENCRYPTION_KEY).toBe(secret);
  });
});
