import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskSecrets, withoutCredentials } from '../../src/logging/logger.js';

const KEY = `qc_live_${'Zz09'.repeat(8)}`;
const TOKEN = 'MTA1.fake-discord-token.value';

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination, secrets: [KEY, TOKEN] });
  return { logger, output: () => lines.join('') };
}

describe('createLogger', () => {
  it('writes JSON lines with the ids', () => {
    const { logger, output } = captureLogger();
    logger.info({ guildId: '42' }, 'Lookup done');
    const line = JSON.parse(output()) as Record<string, unknown>;
    expect(line.guildId).toBe('42');
    expect(line.msg).toBe('Lookup done');
  });

  it('redacts secret fields', () => {
    const { logger, output } = captureLogger();
    logger.info({ apiKey: KEY, config: { DISCORD_TOKEN: TOKEN }, headers: { authorization: `Bearer ${KEY}` } }, 'Context');
    expect(output()).not.toContain(KEY);
    expect(output()).not.toContain(TOKEN);
  });

  it('masks secrets in messages and errors', () => {
    const { logger, output } = captureLogger();
    logger.error({ err: new Error(`request with ${KEY} failed`) }, `token ${TOKEN} rejected`);
    expect(output()).not.toContain(KEY);
    expect(output()).not.toContain(TOKEN);
    expect(output()).toContain('[redacted]');
  });
});

describe('maskSecrets', () => {
  it('masks key-shaped text without a list', () => {
    expect(maskSecrets(`key ${KEY} here`)).toBe('key qc_live_[redacted] here');
  });
});

describe('error serialization', () => {
  it('masks interaction tokens in error fields', () => {
    const { logger, output } = captureLogger();
    const error = Object.assign(new Error('Cannot send an empty message'), {
      url: 'https://discord.com/api/v10/webhooks/1578/aW50ZXJhY3Rpb246MTIzNDU2.secret-part/messages/@original',
      requestBody: { json: { content: 'member text' } },
    });
    logger.error({ err: error }, 'Interaction handler failed');

    expect(output()).not.toContain('aW50ZXJhY3Rpb246MTIzNDU2');
    expect(output()).toContain('/webhooks/1578/[redacted]/messages');
    expect(output()).not.toContain('member text');
  });

  it('masks secrets in nested causes', () => {
    const { logger, output } = captureLogger();
    const error = new Error('outer', { cause: new Error(`inner with ${KEY}`) });
    logger.error({ err: error }, 'Failed');

    expect(output()).not.toContain(KEY);
  });
});

describe('withoutCredentials', () => {
  it('drops user name and password', () => {
    expect(withoutCredentials('https://bot:hunter2@proxy.example/api')).toBe('https://proxy.example/api');
  });
});
