import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, decodeEncryptionSecret, openForGuild, sealForGuild } from '../../src/settings/encryption.js';

const SECRET = randomBytes(32);
const GUILD_ID = '100000000000000001';
const OTHER_GUILD_ID = '100000000000000002';
const API_KEY = `qc_live_${'S3cr3tRandomPartOfTheKey'.padEnd(32, 'k')}`;

/** Flips one bit of one base64url part of a sealed value, keeping its length. */
function tamper(sealed: string, partIndex: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[partIndex] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
}

describe('sealForGuild and openForGuild', () => {
  it('round-trips a key', () => {
    expect(openForGuild(SECRET, GUILD_ID, sealForGuild(SECRET, GUILD_ID, API_KEY))).toBe(API_KEY);
  });

  it('hides the plaintext', () => {
    const sealed = sealForGuild(SECRET, GUILD_ID, API_KEY);

    expect(sealed).not.toContain(API_KEY.slice(8));
    expect(sealed.startsWith('v1.')).toBe(true);
  });

  it('draws a fresh IV per write', () => {
    const first = sealForGuild(SECRET, GUILD_ID, API_KEY);
    const second = sealForGuild(SECRET, GUILD_ID, API_KEY);

    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
    expect(first).not.toBe(second);
  });

  it('fails with a wrong secret', () => {
    const sealed = sealForGuild(SECRET, GUILD_ID, API_KEY);

    expect(() => openForGuild(randomBytes(32), GUILD_ID, sealed)).toThrow(DecryptionError);
  });

  it.each([
    ['IV', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ])('fails with a tampered %s', (_part, index) => {
    const sealed = sealForGuild(SECRET, GUILD_ID, API_KEY);

    expect(() => openForGuild(SECRET, GUILD_ID, tamper(sealed, index))).toThrow(DecryptionError);
  });

  it('binds the value to its guild', () => {
    const sealed = sealForGuild(SECRET, GUILD_ID, API_KEY);

    expect(() => openForGuild(SECRET, OTHER_GUILD_ID, sealed)).toThrow(DecryptionError);
  });

  it.each([
    ['an unknown version', (sealed: string) => sealed.replace(/^v1\./, 'v9.')],
    ['a missing part', (sealed: string) => sealed.split('.').slice(0, 3).join('.')],
    ['a short IV', (sealed: string) => sealed.replace(/^v1\.[^.]+\./, 'v1.AAAA.')],
  ])('rejects %s', (_case, mangle) => {
    const sealed = sealForGuild(SECRET, GUILD_ID, API_KEY);

    expect(() => openForGuild(SECRET, GUILD_ID, mangle(sealed))).toThrow(DecryptionError);
  });

  it('keeps the key out of errors', () => {
    const sealed = sealForGuild(SECRET, GUILD_ID, API_KEY);
    const error = (() => {
      try {
        openForGuild(randomBytes(32), GUILD_ID, sealed);
      } catch (caught) {
        return caught as Error;
      }
      return new Error('no error');
    })();

    expect(`${error.message} ${error.stack ?? ''}`).not.toContain(API_KEY.slice(8));
  });

  it('refuses a short secret', () => {
    expect(() => sealForGuild(randomBytes(16), GUILD_ID, API_KEY)).toThrow(RangeError);
  });
});

describe('decodeEncryptionSecret', () => {
  const bytes = randomBytes(32);

  it.each([
    ['64 hex characters', bytes.toString('hex')],
    ['base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
    ['base64 with spaces around', `  ${bytes.toString('base64')}\n`],
  ])('accepts %s', (_case, text) => {
    expect(decodeEncryptionSecret(text)?.equals(bytes)).toBe(true);
  });

  it.each([
    ['16 bytes of base64', randomBytes(16).toString('base64')],
    ['48 bytes of base64', randomBytes(48).toString('base64')],
    ['63 hex characters', bytes.toString('hex').slice(1)],
    ['a passphrase', 'correct horse battery staple'],
    ['an empty string', ''],
  ])('rejects %s', (_case, text) => {
    expect(decodeEncryptionSecret(text)).toBeNull();
  });
});
