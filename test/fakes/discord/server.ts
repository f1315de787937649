/**
 * The fake's HTTP server on 127.0.0.1: REST under /api/v10, the gateway upgrade on /gateway, and
 * uploaded attachments under /attachments. Every REST response carries Discord's rate-limit headers
 * with a large remaining budget, so @discordjs/rest never waits for a route bucket. Its own global
 * cap of 50 requests per second still applies.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, invalidJsonBody, methodNotAllowed, notFound, unauthorized } from './errors.js';
import type { UploadedFile } from './messages.js';
import type { Router } from './router.js';
import type { FakeContext } from './state.js';

/** Limit and window reported in the rate-limit headers. @discordjs/rest waits only when remaining reaches 0. */
const RATE_LIMIT = 10_000;
const RATE_LIMIT_WINDOW_SECONDS = 60;

export interface HttpServerHandle {
  /** For example 'http://127.0.0.1:PORT'. */
  origin: string;
  close(): Promise<void>;
}

interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidJsonBody();
  }
}

/** Parses a JSON body, or a multipart body whose `payload_json` part is the JSON and whose file parts are uploads. */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) {
    return { body: null, files: [] };
  }
  if (!contentType?.startsWith('multipart/form-data')) {
    return { body: parseJson(raw.toString('utf8')), files: [] };
  }

  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  let body: unknown = null;
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      if (name === 'payload_json') {
        body = parseJson(value);
      } else {
        fields[name] = value;
      }
      continue;
    }
    files.push({
      fieldName: name,
      filename: value.name,
      contentType: value.type === '' ? null : value.type,
      data: new Uint8Array(await value.arrayBuffer()),
    });
  }
  return { body: body ?? (Object.keys(fields).length > 0 ? fields : null), files };
}

/** Builds Discord's rate-limit headers. The bucket is a hash of the method and the route with ids removed. */
function rateLimitHeaders(method: string, path: string): Record<string, string> {
  const route = path.replace(/\d{17,20}/g, ':id');
  const bucket = createHash('sha1').update(`${method} ${route}`).digest('hex').slice(0, 32);
  const resetAt = Date.now() / 1000 + RATE_LIMIT_WINDOW_SECONDS;
  return {
    'X-RateLimit-Limit': String(RATE_LIMIT),
    'X-RateLimit-Remaining': String(RATE_LIMIT - 1),
    'X-RateLimit-Reset': resetAt.toFixed(3),
    'X-RateLimit-Reset-After': RATE_LIMIT_WINDOW_SECONDS.toFixed(3),
    'X-RateLimit-Bucket': bucket,
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (status === 204) {
    response.writeHead(204, headers);
    response.end();
    return;
  }
  const json = JSON.stringify(body ?? null);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(json)),
  });
  response.end(json);
}

/** Serves GET /attachments/:channelId/:attachmentId/:filename, standing in for Discord's CDN. */
function serveAttachment(context: FakeContext, path: string, response: ServerResponse): void {
  const [, , channelId, attachmentId] = path.split('/');
  for (const message of context.state.messages.values()) {
    if (message.channelId !== channelId) {
      continue;
    }
    const attachment = message.attachments.find((candidate) => candidate.id === attachmentId);
    if (attachment) {
      response.writeHead(200, {
        'Content-Type': attachment.contentType ?? 'application/octet-stream',
        'Content-Length': String(attachment.data.byteLength),
      });
      response.end(Buffer.from(attachment.data));
      return;
    }
  }
  response.writeHead(404, { 'Content-Type': 'text/plain' });
  response.end('Attachment not found');
}

async function handleRequest(context: FakeContext, router: Router, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const at = Date.now();
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
    serveAttachment(context, url.pathname, response);
    return;
  }

  const apiPath = /^\/api(?:\/v(\d+))?(\/.*)?$/.exec(url.pathname);
  const path = apiPath ? (apiPath[2] ?? '/') : url.pathname;
  const query = Object.fromEntries(url.searchParams);
  let parsed: ParsedBody = { body: null, files: [] };
  let status: number;
  let body: unknown;

  try {
    parsed = await parseBody(await readBody(request), request.headers['content-type']);
    if (apiPath?.[1] !== '10') {
      throw notFound();
    }
    const match = router.match(method, path);
    if (match.kind === 'not-found') {
      throw notFound();
    }
    if (match.kind === 'method-not-allowed') {
      throw methodNotAllowed();
    }
    if (match.route.auth === 'bot' && request.headers.authorization !== `Bot ${context.state.config.token}`) {
      throw unauthorized();
    }
    const result = await match.route.handle({ context, params: match.params, query, body: parsed.body, files: parsed.files });
    status = result.status;
    body = result.body;
  } catch (error) {
    if (error instanceof ApiError) {
      status = error.status;
      body = error.body;
    } else {
      // A bug in the fake, not in the bot. Log it, because the bot only gets a 500 and retries.
      console.error(`Fake Discord failed to handle ${method} ${path}:`, error);
      status = 500;
      body = { message: '500: Internal Server Error', code: 0 };
    }
  }

  context.state.requests.push({ method, path, query, body: parsed.body, at, status });
  context.state.changes.notify();
  sendJson(response, status, body, rateLimitHeaders(method, path));
}

/** Starts the HTTP server on 127.0.0.1 with a random port and routes gateway upgrades to the gateway. */
export async function startHttpServer(context: FakeContext, router: Router): Promise<HttpServerHandle> {
  const server: Server = createServer((request, response) => {
    handleRequest(context, router, request, response).catch((error: unknown) => {
      console.error('Fake Discord failed to respond to a request:', error);
      if (!response.headersSent) {
        response.writeHead(500);
      }
      response.end();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    context.gateway.handleUpgrade(request, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      // Keep-alive connections from undici would otherwise hold server.close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
