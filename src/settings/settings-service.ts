import type { Keyv } from 'keyv';
import type { Logger } from '../logging/logger.js';
import { systemClock, type Clock } from '../lookup/clock.js';
import { openForGuild, sealForGuild } from './encryption.js';
import {
  emptyGuildRecord,
  parseGuildRecord,
  withChannelDetection,
  type GuildRecord,
  type GuildSettings,
  type KeyRejection,
} from './guild-settings.js';

/** How long a guild's settings are trusted before the store is read again. This process's writes refresh them at once. */
export const SETTINGS_CACHE_TTL_MS = 60_000;
/** Guilds whose settings stay in memory. The ones loaded longest ago are dropped first. */
const SETTINGS_CACHE_CAPACITY = 10_000;
/** Version of the stored record layout, for a later migration. */
const RECORD_VERSION = 1;

/** Whose key pays for a lookup. */
export type KeySource = 'guild' | 'operator';

/**
 * Why a lookup has no key: `not-set` (the guild has none and the operator's key is not offered to
 * guilds), `rejected` (Qualit.ly refused the guild's key) or `no-dm-key` (a DM, and the operator
 * set no key).
 */
export type MissingKeyReason = 'not-set' | 'rejected' | 'no-dm-key';

export type KeyResolution =
  | { status: 'ok'; apiKey: string; source: KeySource }
  | { status: 'missing'; reason: MissingKeyReason };

/** A guild's own key as admins see it. `unreadable` is a key sealed under a secret that is no longer set. */
export type GuildKeyState =
  | { kind: 'none' }
  | { kind: 'unreadable'; setAt: number }
  | { kind: 'stored'; apiKey: string; setAt: number; rejected: KeyRejection | null };

/** Storing a guild key needs SETTINGS_ENCRYPTION_KEY, which the operator has not set. */
export class KeyStorageUnavailableError extends Error {
  constructor() {
    super('Guild API keys cannot be stored: SETTINGS_ENCRYPTION_KEY is not set');
    this.name = 'KeyStorageUnavailableError';
  }
}

export interface GuildSettingsServiceOptions {
  keyv: Keyv<unknown>;
  /** 32-byte secret that seals guild keys. Without it guild keys can be neither stored nor read. */
  encryptionSecret: Buffer | null;
  /** The operator's own key, QUALITLY_API_KEY. */
  operatorApiKey: string | undefined;
  /** Whether guilds without a key of their own use the operator's key. */
  operatorKeyForAllGuilds: boolean;
  logger: Logger;
  clock?: Clock | undefined;
  cacheTtlMs?: number | undefined;
}

interface CacheEntry {
  record: GuildRecord;
  expiresAt: number;
}

/**
 * Guild settings and guild API keys: read through a small in-process cache, written straight to
 * the durable store, and resolved into the key that pays for a guild's lookups.
 *
 * Writes of one guild run one after another, each on a fresh read, so two admin commands cannot
 * undo each other within this process. NOTE: two bot processes sharing one Redis can still
 * overwrite each other's change when both write the same guild at the same moment.
 */
export class GuildSettingsService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly loads = new Map<string, Promise<GuildRecord>>();
  private readonly writeQueues = new Map<string, Promise<unknown>>();
  private readonly unreadableKeyWarned = new Set<string>();
  private readonly clock: Clock;
  private readonly cacheTtlMs: number;
  private readonly logger: Logger;

  constructor(private readonly options: GuildSettingsServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.cacheTtlMs = options.cacheTtlMs ?? SETTINGS_CACHE_TTL_MS;
    this.logger = options.logger.child({ component: 'guild-settings' });
  }

  /** Tells whether guild keys can be stored, which needs the encryption secret. */
  get canStoreKeys(): boolean {
    return this.options.encryptionSecret !== null;
  }

  get operatorKeyForGuilds(): boolean {
    return this.options.operatorApiKey !== undefined && this.options.operatorKeyForAllGuilds;
  }

  /** Returns the guild's settings, from the cache when it is fresh. */
  async settings(guildId: string): Promise<GuildSettings> {
    return (await this.record(guildId)).settings;
  }

  /**
   * Returns the settings this process last read for the guild, even if they are older than the
   * cache TTL, without touching the store. Interaction handlers use it before they acknowledge,
   * when no I/O may delay them. Undefined when the guild's settings were never read.
   */
  peekSettings(guildId: string): GuildSettings | undefined {
    return this.cache.get(guildId)?.record.settings;
  }

  /** Reads the settings of these guilds into the cache one after another, so later peeks find them. */
  async warm(guildIds: Iterable<string>): Promise<void> {
    for (const guildId of guildIds) {
      try {
        await this.record(guildId);
      } catch (error) {
        this.logger.warn({ err: error, guildId }, 'Reading guild settings in advance failed');
      }
    }
  }

  /**
   * Resolves the key that pays for lookups in a guild, or in a DM for null: the guild's own key,
   * else the operator's when the operator offers it, else the reason there is none. A key that
   * Qualit.ly rejected is not replaced by the operator's, so the guild's admins notice and fix it.
   * A key that no longer decrypts counts as no key.
   */
  async resolveApiKey(guildId: string | null): Promise<KeyResolution> {
    return this.resolveFromRecord(guildId, guildId === null ? null : await this.record(guildId));
  }

  /**
   * Resolves the key like resolveApiKey, from memory only: undefined when the guild's settings were
   * never read. Interaction handlers use it before they acknowledge.
   */
  peekApiKey(guildId: string | null): KeyResolution | undefined {
    if (guildId === null) return this.resolveFromRecord(null, null);
    const cached = this.cache.get(guildId);
    return cached ? this.resolveFromRecord(guildId, cached.record) : undefined;
  }

  private resolveFromRecord(guildId: string | null, record: GuildRecord | null): KeyResolution {
    const operatorKey = this.options.operatorApiKey;
    if (guildId === null || record === null) {
      return operatorKey ? { status: 'ok', apiKey: operatorKey, source: 'operator' } : { status: 'missing', reason: 'no-dm-key' };
    }

    const state = this.keyState(guildId, record);
    if (state.kind === 'stored') {
      return state.rejected ? { status: 'missing', reason: 'rejected' } : { status: 'ok', apiKey: state.apiKey, source: 'guild' };
    }
    if (this.operatorKeyForGuilds && operatorKey) return { status: 'ok', apiKey: operatorKey, source: 'operator' };
    return { status: 'missing', reason: 'not-set' };
  }

  /** Returns the guild's own key as admins see it, read from the store rather than the cache. */
  async inspectKey(guildId: string): Promise<GuildKeyState> {
    return this.keyState(guildId, await this.record(guildId, { fresh: true }));
  }

  /** Returns the guild's settings read from the store, for admins who may have changed them elsewhere. */
  async freshSettings(guildId: string): Promise<GuildSettings> {
    return (await this.record(guildId, { fresh: true })).settings;
  }

  async updateSettings(guildId: string, patch: Partial<Omit<GuildSettings, 'disabledChannelIds'>>): Promise<GuildSettings> {
    const record = await this.mutate(guildId, (current) => ({ ...current, settings: { ...current.settings, ...patch } }));
    this.logger.info({ guildId, changed: Object.keys(patch) }, 'Guild settings changed');
    return record.settings;
  }

  async setChannelDetection(guildId: string, channelId: string, enabled: boolean): Promise<GuildSettings> {
    const record = await this.mutate(guildId, (current) => ({ ...current, settings: withChannelDetection(current.settings, channelId, enabled) }));
    this.logger.info({ guildId, channelId, enabled }, 'Channel link detection changed');
    return record.settings;
  }

  /** Encrypts and stores the guild's key, clearing any earlier rejection. The caller checks the key with Qualit.ly first. */
  async setKey(guildId: string, apiKey: string, userId: string): Promise<void> {
    const secret = this.options.encryptionSecret;
    if (!secret) throw new KeyStorageUnavailableError();

    const sealed = sealForGuild(secret, guildId, apiKey);
    await this.mutate(guildId, (current) => ({ ...current, key: { sealed, setAt: this.clock.now(), setByUserId: userId, rejected: null } }));
    this.unreadableKeyWarned.delete(guildId);
    this.logger.info({ guildId, userId }, 'Guild API key stored');
  }

  /** Deletes the guild's key. Returns false when it had none. */
  async removeKey(guildId: string): Promise<boolean> {
    let removed = false;
    await this.mutate(guildId, (current) => {
      if (!current.key) return null;
      removed = true;
      return { ...current, key: null };
    });
    if (removed) this.logger.info({ guildId }, 'Guild API key removed');
    return removed;
  }

  /**
   * Marks the guild's key unusable after Qualit.ly rejected `apiKey`, so lookups stop until an
   * admin sets a new key. Does nothing when the stored key is another one by now, as after an
   * admin replaced it while the failed lookup ran. Returns whether the mark was set.
   */
  async markKeyRejected(guildId: string, apiKey: string, code: string): Promise<boolean> {
    let marked = false;
    await this.mutate(guildId, (current) => {
      const state = this.keyState(guildId, current);
      if (state.kind !== 'stored' || state.rejected || state.apiKey !== apiKey || !current.key) return null;
      marked = true;
      return { ...current, key: { ...current.key, rejected: { at: this.clock.now(), code } } };
    });
    if (marked) this.logger.warn({ guildId, code }, 'Qualit.ly rejected the guild API key; lookups in this guild stop until an admin sets a new key');
    return marked;
  }

  /** Drops every cached record, so the next read goes to the store. */
  clearCache(): void {
    this.cache.clear();
  }

  private keyState(guildId: string, record: GuildRecord): GuildKeyState {
    const stored = record.key;
    if (!stored) return { kind: 'none' };

    const apiKey = this.openKey(guildId, stored.sealed);
    if (apiKey === null) return { kind: 'unreadable', setAt: stored.setAt };
    return { kind: 'stored', apiKey, setAt: stored.setAt, rejected: stored.rejected };
  }

  private openKey(guildId: string, sealed: string): string | null {
    const secret = this.options.encryptionSecret;
    try {
      if (!secret) throw new KeyStorageUnavailableError();
      return openForGuild(secret, guildId, sealed);
    } catch (error) {
      if (!this.unreadableKeyWarned.has(guildId)) {
        this.unreadableKeyWarned.add(guildId);
        this.logger.warn(
          { guildId, reason: error instanceof Error ? error.message : String(error) },
          'Stored guild API key cannot be decrypted, so it counts as no key; was SETTINGS_ENCRYPTION_KEY changed? An admin must set the key again',
        );
      }
      return null;
    }
  }

  private async record(guildId: string, options: { fresh?: boolean } = {}): Promise<GuildRecord> {
    const cached = this.cache.get(guildId);
    if (!options.fresh && cached && cached.expiresAt > this.clock.now()) return cached.record;

    const pending = this.loads.get(guildId);
    if (pending) return pending;

    const load: Promise<GuildRecord> = this.readStored(guildId)
      .then((record) => {
        // A write that finished while this read ran has already cached a newer record.
        if (this.loads.get(guildId) === load) this.remember(guildId, record);
        return record;
      })
      .catch((error: unknown) => {
        if (!cached || options.fresh) throw error;
        this.logger.warn({ err: error, guildId }, 'Reading guild settings failed; using the last known settings');
        return cached.record;
      })
      .finally(() => {
        if (this.loads.get(guildId) === load) this.loads.delete(guildId);
      });
    this.loads.set(guildId, load);
    return load;
  }

  private async readStored(guildId: string): Promise<GuildRecord> {
    const value = await this.options.keyv.get(storeKey(guildId));
    return value === undefined ? emptyGuildRecord() : parseGuildRecord(value);
  }

  /** Applies `change` to a fresh read of the guild's record and stores the result. `change` returns null to leave the record as it is. */
  private mutate(guildId: string, change: (current: GuildRecord) => GuildRecord | null): Promise<GuildRecord> {
    const previous = this.writeQueues.get(guildId) ?? Promise.resolve();
    const run = previous.then(async () => {
      const current = await this.readStored(guildId);
      const next = change(current);
      if (next !== null) await this.options.keyv.set(storeKey(guildId), { version: RECORD_VERSION, ...next });

      const result = next ?? current;
      this.loads.delete(guildId);
      this.remember(guildId, result);
      return result;
    });

    const settled = run.catch(() => undefined);
    this.writeQueues.set(guildId, settled);
    void settled.then(() => {
      if (this.writeQueues.get(guildId) === settled) this.writeQueues.delete(guildId);
    });
    return run;
  }

  private remember(guildId: string, record: GuildRecord): void {
    this.cache.delete(guildId);
    this.cache.set(guildId, { record, expiresAt: this.clock.now() + this.cacheTtlMs });
    if (this.cache.size > SETTINGS_CACHE_CAPACITY) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

function storeKey(guildId: string): string {
  return `guild:${guildId}`;
}
