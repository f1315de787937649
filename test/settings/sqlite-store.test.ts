import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyv } from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteKeyvStore, createDirectory } from '../../src/settings/sqlite-store.js';

let dataDir: string;
let path: string;
const opened: Keyv[] = [];

function open(namespace: string): Keyv {
  const keyv = new Keyv({ store: new SqliteKeyvStore(path), namespace, useKeyPrefix: false, throwOnErrors: true });
  opened.push(keyv);
  return keyv;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'qc-sqlite-store-'));
  path = join(dataDir, 'nested', 'settings.sqlite');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((keyv) => keyv.disconnect()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('SqliteKeyvStore', () => {
  it('reads back what it wrote', async () => {
    const keyv = open('qc-settings');
    await keyv.set('guild:1', { linkDetection: false });

    expect(await keyv.get('guild:1')).toEqual({ linkDetection: false });
  });

  it('keeps values after reopening', async () => {
    const first = open('qc-settings');
    await first.set('guild:1', { productsPerMessage: 3 });
    await first.disconnect();

    expect(await open('qc-settings').get('guild:1')).toEqual({ productsPerMessage: 3 });
  });

  it('overwrites a key', async () => {
    const keyv = open('qc-settings');
    await keyv.set('guild:1', 'first');
    await keyv.set('guild:1', 'second');

    expect(await keyv.get('guild:1')).toBe('second');
  });

  it('deletes a key', async () => {
    const keyv = open('qc-settings');
    await keyv.set('guild:1', 'value');

    expect(await keyv.delete('guild:1')).toBe(true);
    expect(await keyv.get('guild:1')).toBeUndefined();
    expect(await keyv.delete('guild:1')).toBe(false);
  });

  it('clears one namespace only', async () => {
    const settings = open('qc-settings');
    const cache = open('qc-cache');
    await settings.set('guild:1', 'kept');
    await cache.set('guild:1', 'dropped');
    await cache.clear();

    expect(await settings.get('guild:1')).toBe('kept');
    expect(await cache.get('guild:1')).toBeUndefined();
  });

  it('honours Keyv expiry', async () => {
    const keyv = open('qc-settings');
    await keyv.set('short', 'value', 1);
    await new Promise((resolve) => setTimeout(resolve, 5));

    expect(await keyv.get('short')).toBeUndefined();
  });

  it('creates the file owner-only', async () => {
    open('qc-settings');
    const mode = (await stat(path)).mode & 0o777;

    expect(mode).toBe(0o600);
  });
});

describe('createDirectory', () => {
  it('creates missing parents', async () => {
    const folder = join(dataDir, 'a', 'b', 'c');
    createDirectory(folder, 0o700);

    expect((await stat(folder)).isDirectory()).toBe(true);
  });

  it('accepts an existing folder', () => {
    expect(() => createDirectory(dataDir, 0o700)).not.toThrow();
  });

  it('throws where a folder cannot be made', () => {
    // Node 20's recursive mkdirSync loops forever here instead of failing.
    expect(() => createDirectory('/proc/qc-bot-data', 0o700)).toThrow(/ENOENT/);
  });
});
