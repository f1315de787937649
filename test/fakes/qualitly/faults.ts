import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import type { Fault, FaultOptions } from './types.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const DEFAULT_CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'INVALID_KEY',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
};

/** JSON that parses but matches none of the API's response shapes. */
export const WRONG_SHAPE_BODY = '{"data":{"id":"not a number"},"results":{},"user":null,"tier":7,"minute":"soon"}';

/** JSON cut off in the middle of an object. */
export const MALFORMED_JSON_BODY = '{"data":{"id":482910,"storefront":"weidian","listing_id":';

const HUGE_BODY_CHUNK = Buffer.alloc(64 * 1024, 'x');

interface QueuedFault {
  fault: Fault;
  path: string | RegExp | undefined;
  remaining: number;
}

/** Faults waiting for matching requests, oldest first. */
export class FaultQueue {
  #queued: QueuedFault[] = [];

  add(fault: Fault, options: FaultOptions = {}): void {
    const times = options.times ?? 1;
    if (!(times > 0)) {
      throw new Error(`injectFault: times must be positive, got ${times}`);
    }
    this.#queued.push({ fault, path: options.path, remaining: times });
  }

  /** Removes one use of the oldest fault that matches `path` and returns it. */
  take(path: string): Fault | null {
    const index = this.#queued.findIndex((entry) => matchesPath(entry.path, path));
    const entry = this.#queued[index];
    if (entry === undefined) {
      return null;
    }

    entry.remaining -= 1;
    if (entry.remaining <= 0) {
      this.#queued.splice(index, 1);
    }
    return entry.fault;
  }
}

function matchesPath(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) {
    return true;
  }
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

/** Status recorded for a request handled by a fault. 0 means that no response was sent. */
export function faultStatus(fault: Fault): number {
  switch (fault.kind) {
    case 'status':
      return fault.status;
    case 'hang':
    case 'reset':
      return 0;
    default:
      return 200;
  }
}

/** Resources that a running fault holds, released by the server's close(). */
export interface FaultResources {
  hangingSockets: Set<Socket>;
  timers: Set<NodeJS.Timeout>;
}

/** Sends the response that `fault` describes. `slow-body` goes through sendSlowly instead, with the normal response. */
export function sendFault(fault: Exclude<Fault, { kind: 'slow-body' }>, request: IncomingMessage, response: ServerResponse, resources: FaultResources): void {
  switch (fault.kind) {
    case 'status': {
      const body = fault.body ?? defaultStatusBody(fault.status);
      response.writeHead(fault.status, { 'content-type': JSON_CONTENT_TYPE, ...fault.headers });
      response.end(body);
      return;
    }
    case 'malformed-json':
      response.writeHead(200, { 'content-type': JSON_CONTENT_TYPE });
      response.end(MALFORMED_JSON_BODY);
      return;
    case 'wrong-shape':
      response.writeHead(200, { 'content-type': JSON_CONTENT_TYPE });
      response.end(WRONG_SHAPE_BODY);
      return;
    case 'hang': {
      const socket = request.socket;
      resources.hangingSockets.add(socket);
      socket.once('close', () => resources.hangingSockets.delete(socket));
      return;
    }
    case 'reset':
      // resetAndDestroy sends a TCP RST, which clients see as ECONNRESET or a closed socket.
      request.socket.resetAndDestroy();
      return;
    case 'huge-body':
      sendHugeBody(response, fault.bytes);
      return;
  }
}

function defaultStatusBody(status: number): string {
  if (status >= 200 && status <= 299) {
    return '{}';
  }
  const code = DEFAULT_CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  return JSON.stringify({ error: { code, message: 'Injected fault' } });
}

/**
 * Streams a JSON body of about `bytes` bytes without a Content-Length, so that a client can only
 * notice the size while reading. Writing stops when the client closes the connection.
 */
function sendHugeBody(response: ServerResponse, bytes: number): void {
  const prefix = '{"data":{"padding":"';
  const suffix = '"}}';
  let remaining = Math.max(0, bytes - prefix.length - suffix.length);

  response.writeHead(200, { 'content-type': JSON_CONTENT_TYPE });
  response.write(prefix);

  const pump = (): void => {
    while (remaining > 0 && !response.destroyed) {
      const size = Math.min(remaining, HUGE_BODY_CHUNK.length);
      remaining -= size;
      if (!response.write(HUGE_BODY_CHUNK.subarray(0, size))) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) {
      response.end(suffix);
    }
  };
  pump();
}

/** Sends the first byte of `body` at once and the rest after `delayMs`. */
export function sendSlowly(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  delayMs: number,
  resources: FaultResources,
): void {
  const bytes = Buffer.from(body, 'utf8');
  response.writeHead(status, headers);
  response.write(bytes.subarray(0, 1));

  const timer = setTimeout(() => {
    resources.timers.delete(timer);
    if (!response.destroyed) {
      response.end(bytes.subarray(1));
    }
  }, delayMs);
  resources.timers.add(timer);
}
