import { lookup } from 'node:dns/promises';
import type { Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

import { Agent, type buildConnector } from 'undici';

import { isPublicAddress } from './address.js';
import { isAllowedHost } from './hop-url.js';

/** One DNS answer. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Looks a host name up and returns every address it has. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** The checked address to connect to, the port, and the host name for TLS SNI and certificate checks. */
export interface SocketTarget {
  address: string;
  family: 4 | 6;
  port: number;
  servername: string;
}

/** Opens a connected socket to a checked address. The default opens TLS, and tests open plain TCP to a local server. */
export type OpenSocket = (target: SocketTarget) => Promise<Socket>;

/** The guard rule that rejected a connection. */
export type GuardRule = 'scheme' | 'host' | 'address';

/** Raised by the guarded connector when a host or one of its addresses is not allowed. */
export class BlockedConnectionError extends Error {
  readonly code = 'ERR_SHORT_LINK_BLOCKED';

  constructor(
    readonly host: string,
    readonly rule: GuardRule,
    readonly address?: string,
  ) {
    super(
      address === undefined
        ? `Connection to ${host} was blocked (${rule} not allowed)`
        : `Connection to ${host} was blocked because it resolves to the non-public address ${address}`,
    );
    this.name = 'BlockedConnectionError';
  }
}

/** Raised by the default socket opener when a TCP and TLS handshake takes longer than the connect timeout. */
export class ConnectTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(address: string, timeoutMs: number) {
    super(`Connecting to ${address} timed out after ${timeoutMs} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

/** Looks a host up with the operating system resolver, like Node's own connections do. */
export const lookupHost: ResolveHost = async (hostname) => {
  const answers = await lookup(hostname, { all: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** Returns a socket opener that makes a TLS connection to the address and verifies the certificate for `servername`. */
export function createTlsSocketOpener(connectTimeoutMs: number): OpenSocket {
  return (target) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connectTls({
        host: target.address,
        port: target.port,
        servername: target.servername,
        ALPNProtocols: ['http/1.1'],
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectTimeoutError(target.address, connectTimeoutMs));
      }, connectTimeoutMs);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
}

export interface GuardedAgentOptions {
  /** Defaults to lookupHost, which uses the operating system resolver. */
  resolveHost?: ResolveHost;
  /** Defaults to a TLS opener with `connectTimeoutMs`. */
  openSocket?: OpenSocket;
  /** Time allowed for one TCP and TLS handshake in the default opener. */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
const HTTPS_PORT = 443;

/**
 * Looks the host up, checks every address, and connects to the first checked address that
 * accepts. Connecting to the checked address, never to the name, means no second DNS lookup
 * happens between the check and the connection, so a DNS answer that changes in between
 * (rebinding) cannot reach a private address.
 */
async function connectGuarded(
  options: buildConnector.Options,
  resolveHost: ResolveHost,
  openSocket: OpenSocket,
): Promise<Socket> {
  const hostname = options.hostname;
  if (options.protocol !== 'https:') {
    throw new BlockedConnectionError(hostname, 'scheme');
  }
  if (!isAllowedHost(hostname)) {
    throw new BlockedConnectionError(hostname, 'host');
  }

  const answers = await resolveHost(hostname);
  if (answers.length === 0) {
    throw Object.assign(new Error(`DNS lookup of ${hostname} returned no addresses`), { code: 'ENOTFOUND' });
  }
  // Every address must be public, not only the first, so that a mixed DNS answer cannot hide a
  // private address behind a public one.
  for (const answer of answers) {
    if (!isPublicAddress(answer.address)) {
      throw new BlockedConnectionError(hostname, 'address', answer.address);
    }
  }

  const port = options.port === '' ? HTTPS_PORT : Number(options.port);
  const servername = options.servername ?? hostname;
  let lastError: unknown;
  for (const answer of answers) {
    try {
      return await openSocket({ address: answer.address, family: answer.family, port, servername });
    } catch (error) {
      // One address may be unreachable (IPv6 on an IPv4-only host), so the next one is tried.
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * Creates an undici Agent that connects only over https to hosts of the link tables, and only
 * when every address of the host is public. It has no redirect interceptor, so requests
 * through it never follow redirects.
 */
export function createGuardedAgent(options: GuardedAgentOptions = {}): Agent {
  const resolveHost = options.resolveHost ?? lookupHost;
  const openSocket = options.openSocket ?? createTlsSocketOpener(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);

  const connect: buildConnector.connector = (connectOptions, callback) => {
    connectGuarded(connectOptions, resolveHost, openSocket).then(
      (socket) => callback(null, socket),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
  return new Agent({ connect });
}
