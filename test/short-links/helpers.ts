import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Writable } from 'node:stream';

import { createLogger } from '../../src/logging/logger.js';
import { createResponseCache, type ResponseCache } from '../../src/lookup/response-cache.js';
import {
  createShortLinkResolver,
  type ResolvedAddress,
  type ShortLinkResolver,
  type ShortLinkResolverOptions,
  type SocketTarget,
} from '../../src/short-links/index.js';

/**
 * Globally routable addresses that the fake DNS returns for every host. Nothing ever connects to
 * them, because the test socket opener connects to the local server whatever address it gets.
 * Documentation ranges such as 203.0.113.0/24 cannot be used, because the guard rejects them.
 */
export const PUBLIC_TEST_ADDRESSES: readonly ResolvedAddress[] = [
  { address: '93.184.216.34', family: 4 },
  { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
];

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** One request that reached the local server, by the Host header and the request target. */
export interface ReceivedRequest {
  host: string;
  path: string;
}

/**
 * A plain HTTP server on 127.0.0.1 that serves the requests for every short-link, agent and
 * storefront host. Routes are keyed by Host header and path with query.
 */
export interface RedirectServer {
  port: number;
  requests: ReceivedRequest[];
  /** Serves `url` (host, path and query are used) with `handler`. */
  route(url: string, handler: RouteHandler): void;
  /** Serves `url` as a redirect to `location`. */
  redirect(url: string, location: string, status?: number): void;
  close(): Promise<void>;
}

function routeKey(host: string, pathWithQuery: string): string {
  return `${host.toLowerCase()}${pathWithQuery}`;
}

export async function startRedirectServer(): Promise<RedirectServer> {
  const routes = new Map<string, RouteHandler>();
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const host = request.headers.host ?? '';
    const path = request.url ?? '/';
    requests.push({ host, path });
    const handler = routes.get(routeKey(host, path));
    if (handler === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('no route');
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const route = (url: string, handler: RouteHandler): void => {
    const parsed = new URL(url);
    routes.set(routeKey(parsed.host, `${parsed.pathname}${parsed.search}`), handler);
  };

  return {
    port,
    requests,
    route,
    redirect(url, location, status = 302) {
      route(url, (_request, response) => {
        response.writeHead(status, { location, 'content-type': 'text/html' }).end('<a href="#">moved</a>');
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A resolver wired to a local redirect server, with records of what its DNS and socket hooks saw. */
export interface ResolverStack {
  server: RedirectServer;
  resolver: ShortLinkResolver;
  cache: ResponseCache;
  /** DNS answers by host name that replace PUBLIC_TEST_ADDRESSES. */
  dnsAnswers: Map<string, ResolvedAddress[]>;
  /** Host names passed to resolveHost, in call order. */
  lookups: string[];
  /** Targets passed to openSocket, in call order. */
  sockets: SocketTarget[];
  /** JSON log lines at debug level and above. */
  logs: string[];
  close(): Promise<void>;
}

export type StackOptions = Partial<Omit<ShortLinkResolverOptions, 'logger' | 'cache' | 'resolveHost' | 'openSocket'>>;

/**
 * Starts a local redirect server and a resolver whose DNS answers with public addresses and whose
 * sockets all go to that server, so the real host names pass through the real guard and nothing
 * leaves 127.0.0.1.
 */
export async function startResolverStack(options: StackOptions = {}): Promise<ResolverStack> {
  const server = await startRedirectServer();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const cache = createResponseCache({ logger, namespace: `short-links-test-${Math.random()}` });
  const dnsAnswers = new Map<string, ResolvedAddress[]>();
  const lookups: string[] = [];
  const sockets: SocketTarget[] = [];

  const resolver = createShortLinkResolver({
    ...options,
    logger,
    cache,
    resolveHost: async (hostname) => {
      lookups.push(hostname);
      return dnsAnswers.get(hostname) ?? [...PUBLIC_TEST_ADDRESSES];
    },
    openSocket: (target) => {
      sockets.push(target);
      return new Promise<Socket>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: server.port });
        socket.once('connect', () => resolve(socket));
        socket.once('error', reject);
      });
    },
  });

  return {
    server,
    resolver,
    cache,
    dnsAnswers,
    lookups,
    sockets,
    logs,
    async close() {
      await resolver.close();
      await server.close();
      await cache.disconnect();
    },
  };
}
