/**
 * The fake's WebSocket gateway (API v10, JSON encoding), which @discordjs/ws 1.x connects to.
 *
 * It sends HELLO, acknowledges heartbeats, accepts IDENTIFY with READY followed by one GUILD_CREATE per
 * guild, replays missed events on RESUME, and responds to REQUEST_GUILD_MEMBERS. It supports both kinds
 * of compression that @discordjs/ws can request: `compress=zlib-stream` in the URL (used when the
 * optional zlib-sync package is installed) and `compress: true` in IDENTIFY (per-payload zlib).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants as zlibConstants, createDeflate, deflateSync, type Deflate } from 'node:zlib';
import {
  ApplicationFlags,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
} from 'discord.js';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { apiGuild, apiMember, apiUser } from './payloads.js';
import type { FakeState, GuildRecord, MemberRecord } from './state.js';

/** Discord's usual heartbeat interval. The fake never closes a connection for missed heartbeats. */
export const HEARTBEAT_INTERVAL_MS = 41_250;

/** Dispatches kept per session for RESUME. Older events are lost, and RESUME then fails as on Discord. */
const REPLAY_BUFFER_SIZE = 1_000;

const TRACE = ['["fake-discord-gateway",{"micros":0}]'];

/** The part of a gateway session that dispatch builders read to decide what a session receives. */
export interface GatewaySessionInfo {
  readonly sessionId: string;
  readonly intents: number;
  /** [shard id, shard count] from IDENTIFY. */
  readonly shard: readonly [number, number];
}

export function hasIntent(session: GatewaySessionInfo, intent: GatewayIntentBits): boolean {
  return (session.intents & intent) !== 0;
}

/** Returns whether a guild belongs to the session's shard, by Discord's formula (guild_id >> 22) % count. */
export function isGuildInShard(session: GatewaySessionInfo, guildId: string): boolean {
  const [shardId, shardCount] = session.shard;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount)) === shardId;
}

interface FrameEncoder {
  encode(json: string): Promise<string | Buffer>;
  close(): void;
}

const plainEncoder: FrameEncoder = {
  encode: async (json) => json,
  close: () => undefined,
};

/** Per-payload zlib, which Discord uses after IDENTIFY with `compress: true`. */
const payloadZlibEncoder: FrameEncoder = {
  encode: async (json) => deflateSync(json),
  close: () => undefined,
};

/** Flush marker that ends every zlib-stream frame (an empty stored block after Z_SYNC_FLUSH). */
const ZLIB_SUFFIX = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/**
 * One zlib context for the whole connection, flushed after each payload, as with `compress=zlib-stream`.
 * Callers must not overlap calls to `encode`, which the connection's send queue guarantees.
 */
class ZlibStreamEncoder implements FrameEncoder {
  readonly #deflate: Deflate = createDeflate();
  #chunks: Buffer[] = [];
  #resolve: ((frame: Buffer) => void) | null = null;

  constructor() {
    this.#deflate.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      // The flush output may arrive in several chunks, so the marker is checked on all of them together.
      const frame = Buffer.concat(this.#chunks);
      if (frame.length >= 4 && frame.subarray(-4).equals(ZLIB_SUFFIX) && this.#resolve) {
        this.#chunks = [];
        const resolve = this.#resolve;
        this.#resolve = null;
        resolve(frame);
      }
    });
  }

  encode(json: string): Promise<Buffer> {
    return new Promise((resolve) => {
      this.#resolve = resolve;
      this.#deflate.write(json);
      this.#deflate.flush(zlibConstants.Z_SYNC_FLUSH);
    });
  }

  close(): void {
    this.#deflate.destroy();
  }
}

class Connection {
  session: Session | null = null;
  #encoder: FrameEncoder;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: WebSocket,
    encoder: FrameEncoder,
  ) {
    this.#encoder = encoder;
  }

  /** Switches to per-payload zlib for every later payload, unless zlib-stream is already on. */
  usePayloadCompression(): void {
    if (this.#encoder === plainEncoder) {
      this.#encoder = payloadZlibEncoder;
    }
  }

  /**
   * Queues a payload and resolves once the socket has written it, or at once if the socket is closed.
   * Never rejects, because a session buffers its dispatches for RESUME anyway.
   */
  send(payload: unknown): Promise<void> {
    const json = JSON.stringify(payload);
    const encoder = this.#encoder;
    const sent = this.#queue.then(async () => {
      if (this.socket.readyState !== WebSocket.OPEN) {
        return;
      }
      const frame = await encoder.encode(json);
      await new Promise<void>((resolve) => {
        this.socket.send(frame, () => resolve());
      });
    });
    this.#queue = sent.catch(() => undefined);
    return this.#queue;
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.close(code, reason);
    }
  }

  dispose(): void {
    this.#encoder.close();
  }
}

interface BufferedDispatch {
  s: number;
  t: string;
  d: unknown;
}

class Session implements GatewaySessionInfo {
  sequence = 0;
  connection: Connection | null = null;
  presence: unknown = null;
  readonly replay: BufferedDispatch[] = [];

  constructor(
    readonly sessionId: string,
    readonly intents: number,
    readonly shard: readonly [number, number],
  ) {}

  /** Numbers the event, keeps it for RESUME and sends it if a socket is attached. */
  dispatch(event: string, data: unknown): Promise<void> {
    this.sequence += 1;
    this.replay.push({ s: this.sequence, t: event, d: data });
    if (this.replay.length > REPLAY_BUFFER_SIZE) {
      this.replay.shift();
    }
    if (!this.connection) {
      return Promise.resolve();
    }
    return this.connection.send({ op: GatewayOpcodes.Dispatch, t: event, s: this.sequence, d: data });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class GatewayServer {
  readonly #state: FakeState;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #connections = new Set<Connection>();
  readonly #sessions = new Map<string, Session>();

  constructor(state: FakeState) {
    this.#state = state;
  }

  /** Number of identified sessions, connected or waiting to resume. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Takes over an HTTP upgrade request for the path /gateway. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/gateway' && url.pathname !== '/gateway/') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (webSocket) => {
      this.#accept(webSocket, url.searchParams);
    });
  }

  /**
   * Sends an event to every session for which `build` returns a payload. `build` returns null to
   * skip a session, for example when it lacks the intent. Resolves once connected sockets wrote it.
   */
  async dispatch(event: string, build: (session: GatewaySessionInfo) => unknown): Promise<void> {
    const sends: Array<Promise<void>> = [];
    for (const session of this.#sessions.values()) {
      const data = build(session);
      if (data !== null) {
        sends.push(session.dispatch(event, data));
      }
    }
    await Promise.all(sends);
  }

  dispatchGuildCreate(guild: GuildRecord): Promise<void> {
    return this.dispatch(GatewayDispatchEvents.GuildCreate, (session) =>
      hasIntent(session, GatewayIntentBits.Guilds) && isGuildInShard(session, guild.id)
        ? apiGuild(this.#state, guild)
        : null,
    );
  }

  /** Closes every socket with 1000, waits up to one second for the close handshakes, then drops the rest. */
  async close(): Promise<void> {
    const closed = [...this.#connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.socket.readyState === WebSocket.CLOSED) {
            resolve();
            return;
          }
          connection.socket.once('close', () => resolve());
          connection.close(1000, 'The fake Discord server is shutting down.');
        }),
    );

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 1_000);
    });
    await Promise.race([Promise.all(closed), timeout]);
    clearTimeout(timer);

    for (const connection of this.#connections) {
      connection.socket.terminate();
      connection.dispose();
    }
    this.#connections.clear();
    this.#sessions.clear();
    await new Promise<void>((resolve) => {
      this.#wss.close(() => resolve());
    });
  }

  #accept(socket: WebSocket, params: URLSearchParams): void {
    const compress = params.get('compress');
    const connection = new Connection(socket, compress === 'zlib-stream' ? new ZlibStreamEncoder() : plainEncoder);
    this.#connections.add(connection);
    socket.on('close', (code) => {
      this.#onClose(connection, code);
    });
    // A socket error is always followed by 'close', which cleans up, so there is nothing else to do.
    socket.on('error', () => undefined);

    if (params.get('v') !== '10') {
      connection.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version: the fake gateway supports v=10 only.');
      return;
    }
    if (params.get('encoding') !== 'json') {
      connection.close(GatewayCloseCodes.DecodeError, 'Invalid encoding: the fake gateway supports encoding=json only.');
      return;
    }
    if (compress !== null && compress !== 'zlib-stream') {
      connection.close(GatewayCloseCodes.DecodeError, `Invalid compress=${compress}: the fake gateway supports zlib-stream only.`);
      return;
    }

    socket.on('message', (data, isBinary) => {
      this.#onMessage(connection, data, isBinary);
    });
    void connection.send({
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS, _trace: TRACE },
      s: null,
      t: null,
    });
  }

  #onClose(connection: Connection, code: number): void {
    this.#connections.delete(connection);
    connection.dispose();

    const session = connection.session;
    if (!session) {
      return;
    }
    if (session.connection === connection) {
      session.connection = null;
    }
    // Discord ends a session that the client closes with 1000 or 1001. Other codes (discord.js uses
    // 4200 before it resumes) leave the session resumable.
    if (code === 1000 || code === 1001) {
      this.#sessions.delete(session.sessionId);
    }
    this.#state.changes.notify();
  }

  #onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    // With encoding=json, Discord accepts only text frames.
    let payload: unknown = null;
    if (!isBinary) {
      try {
        payload = JSON.parse(data.toString());
      } catch {
        payload = null;
      }
    }
    if (!isObject(payload) || typeof payload['op'] !== 'number') {
      connection.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }

    const payloadData = payload['d'];
    switch (payload['op']) {
      case GatewayOpcodes.Heartbeat:
        void connection.send({ op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        void this.#identify(connection, payloadData);
        return;
      case GatewayOpcodes.Resume:
        void this.#resume(connection, payloadData);
        return;
      default:
        break;
    }

    const session = connection.session;
    if (!session) {
      connection.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
      return;
    }
    switch (payload['op']) {
      case GatewayOpcodes.PresenceUpdate:
        session.presence = payloadData;
        return;
      case GatewayOpcodes.VoiceStateUpdate:
        return;
      case GatewayOpcodes.RequestGuildMembers:
        void this.#sendGuildMembers(session, payloadData);
        return;
      default:
        connection.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #isValidToken(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.#state.config.token;
  }

  async #identify(connection: Connection, data: unknown): Promise<void> {
    if (connection.session) {
      connection.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!isObject(data)) {
      connection.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!this.#isValidToken(data['token'])) {
      connection.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }

    const intents = data['intents'];
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) {
      connection.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return;
    }

    const shardInput = data['shard'];
    const shard: [number, number] = Array.isArray(shardInput)
      ? [Number(shardInput[0]), Number(shardInput[1])]
      : [0, 1];
    const [shardId, shardCount] = shard;
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      connection.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }

    if (data['compress'] === true) {
      connection.usePayloadCompression();
    }

    const session = new Session(randomBytes(16).toString('hex'), intents, shard);
    session.connection = connection;
    connection.session = session;
    this.#sessions.set(session.sessionId, session);

    const guilds = [...this.#state.guilds.values()].filter((guild) => isGuildInShard(session, guild.id));
    const { botUser, applicationId } = this.#state.config;
    await session.dispatch(GatewayDispatchEvents.Ready, {
      v: 10,
      user: { ...apiUser({ ...botUser, bot: true }), verified: true, mfa_enabled: false, email: null },
      user_settings: {},
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['us-east'],
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.sessionId,
      session_type: 'normal',
      resume_gateway_url: this.#state.gatewayUrl,
      shard,
      application: { id: applicationId, flags: ApplicationFlags.GatewayMessageContentLimited },
      auth: {},
      _trace: TRACE,
    });

    // Without the GUILDS intent Discord sends no GUILD_CREATE, and discord.js then stops waiting for guilds.
    if (hasIntent(session, GatewayIntentBits.Guilds)) {
      for (const guild of guilds) {
        await session.dispatch(GatewayDispatchEvents.GuildCreate, apiGuild(this.#state, guild));
      }
    }
    this.#state.changes.notify();
  }

  async #resume(connection: Connection, data: unknown): Promise<void> {
    if (connection.session) {
      connection.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!isObject(data)) {
      connection.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!this.#isValidToken(data['token'])) {
      connection.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }

    const session = typeof data['session_id'] === 'string' ? this.#sessions.get(data['session_id']) : undefined;
    const sequence = data['seq'];
    const oldestKept = session?.replay[0]?.s ?? (session ? session.sequence + 1 : 0);
    const canReplay =
      session !== undefined &&
      typeof sequence === 'number' &&
      sequence <= session.sequence &&
      sequence + 1 >= oldestKept;
    if (!canReplay) {
      // With `d: false` the client identifies again instead of resuming.
      await connection.send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }

    const previous = session.connection;
    if (previous && previous !== connection) {
      previous.session = null;
      previous.socket.terminate();
    }
    session.connection = connection;
    connection.session = session;

    for (const event of session.replay) {
      if (event.s > sequence) {
        await connection.send({ op: GatewayOpcodes.Dispatch, t: event.t, s: event.s, d: event.d });
      }
    }
    await session.dispatch(GatewayDispatchEvents.Resumed, { _trace: TRACE });
    this.#state.changes.notify();
  }

  /** Responds to REQUEST_GUILD_MEMBERS with one GUILD_MEMBERS_CHUNK per requested guild. */
  async #sendGuildMembers(session: Session, data: unknown): Promise<void> {
    if (!isObject(data)) {
      return;
    }

    const guildIds = Array.isArray(data['guild_id']) ? data['guild_id'] : [data['guild_id']];
    const userIds = Array.isArray(data['user_ids'])
      ? data['user_ids'].map(String)
      : typeof data['user_ids'] === 'string'
        ? [data['user_ids']]
        : null;
    const query = typeof data['query'] === 'string' ? data['query'].toLowerCase() : '';
    const limit = typeof data['limit'] === 'number' ? data['limit'] : 0;

    for (const guildId of guildIds) {
      const guild = typeof guildId === 'string' ? this.#state.guilds.get(guildId) : undefined;
      if (!guild || !isGuildInShard(session, guild.id)) {
        continue;
      }

      let members: MemberRecord[] = [...guild.members.values()];
      if (userIds) {
        members = members.filter((member) => userIds.includes(member.userId));
      } else {
        members = members.filter((member) =>
          (this.#state.users.get(member.userId)?.username ?? '').toLowerCase().startsWith(query),
        );
        if (limit > 0) {
          members = members.slice(0, limit);
        }
      }

      await session.dispatch(GatewayDispatchEvents.GuildMembersChunk, {
        guild_id: guild.id,
        members: members.map((member) => apiMember(this.#state, member, true)),
        chunk_index: 0,
        chunk_count: 1,
        ...(userIds ? { not_found: userIds.filter((id) => !guild.members.has(id)) } : {}),
        ...(data['presences'] === true ? { presences: [] } : {}),
        ...(data['nonce'] !== undefined ? { nonce: data['nonce'] } : {}),
      });
    }
  }
}
