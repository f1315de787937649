import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { SettingsStoreUnavailableError, createSettingsStore } from '../../src/settings/settings-store.js';

const logger = createLogger({ level: 'silent' });

describe('settings store check', () => {
  it('passes for a new SQLite file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'qc-store-check-'));
    const store = createSettingsStore({ dataDir, logger });
    try {
      await expect(store.check()).resolves.toBeUndefined();
    } finally {
      await store.keyv.disconnect();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('names unreachable Redis without its password', async () => {
    // Port 1 on loopback has no listener, so the connection is refused at once.
    const store = createSettingsStore({ redisUrl: 'redis://:hunter2@127.0.0.1:1', dataDir: tmpdir(), logger });
    const error = await store.check().catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(SettingsStoreUnavailableError);
    expect((error as Error).message).toContain('Redis at 127.0.0.1:1 (REDIS_URL)');
    expect((error as Error).message).not.toContain('hunter2');
    await store.keyv.disconnect().catch(() => undefined);
  });
});
