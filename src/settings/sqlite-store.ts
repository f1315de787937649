import { EventEmitter } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

/**
 * A Keyv store in one SQLite file, for data that must survive restarts without a server.
 * Keyv's namespace is a column, so `clear()` empties one namespace and leaves the others alone.
 * Values are the strings that Keyv serializes, expiry included, and Keyv itself drops expired entries.
 *
 * better-sqlite3 is synchronous. Each call here is one indexed statement on a small table, which
 * takes microseconds, so blocking the event loop for it is cheaper than a worker round trip.
 */
export class SqliteKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { path: string };
  namespace?: string | undefined;
  private readonly db: Database.Database;
  private readonly selectStatement: Database.Statement<[string, string], { value: string }>;
  private readonly upsertStatement: Database.Statement<[string, string, string]>;
  private readonly deleteStatement: Database.Statement<[string, string]>;
  private readonly clearStatement: Database.Statement<[string]>;

  /** Opens or creates the database file; its folder is created too. */
  constructor(path: string) {
    super();
    this.opts = { path };
    createDirectory(dirname(path), 0o700);
    // Create the file readable by its owner only, since it contains encrypted API keys.
    closeSync(openSync(path, 'a', 0o600));

    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // Settings change seldom, and an admin must not lose a change to a power cut, so every commit is synced.
    this.db.pragma('synchronous = FULL');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS keyv (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (namespace, key)) WITHOUT ROWID',
    );
    this.selectStatement = this.db.prepare('SELECT value FROM keyv WHERE namespace = ? AND key = ?');
    this.upsertStatement = this.db.prepare(
      'INSERT INTO keyv (namespace, key, value) VALUES (?, ?, ?) ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value',
    );
    this.deleteStatement = this.db.prepare('DELETE FROM keyv WHERE namespace = ? AND key = ?');
    this.clearStatement = this.db.prepare('DELETE FROM keyv WHERE namespace = ?');
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.selectStatement.get(this.namespaceName, key)?.value as StoredData<Value> | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    this.upsertStatement.run(this.namespaceName, key, typeof value === 'string' ? value : JSON.stringify(value));
  }

  async delete(key: string): Promise<boolean> {
    return this.deleteStatement.run(this.namespaceName, key).changes > 0;
  }

  async has(key: string): Promise<boolean> {
    return this.selectStatement.get(this.namespaceName, key) !== undefined;
  }

  async clear(): Promise<void> {
    this.clearStatement.run(this.namespaceName);
  }

  async disconnect(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private get namespaceName(): string {
    return this.namespace ?? '';
  }
}

/**
 * Creates a folder and its missing parents, one level at a time, and throws the error of the
 * first level that cannot be created. Node 20's recursive mkdirSync never returns for a folder
 * under /proc, so with it a mistyped DATA_DIR would hang the bot at start.
 */
export function createDirectory(path: string, mode: number): void {
  const missing: string[] = [];
  let current = resolve(path);
  while (!existsSync(current)) {
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) mkdirSync(folder, { mode });
}
