import type { UploadedFile } from './messages.js';
import type { FakeContext } from './state.js';

export interface RouteRequest {
  context: FakeContext;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: UploadedFile[];
}

export interface RouteResult {
  status: number;
  /** JSON body. Omitted for 204 No Content. */
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under /api/v10 with `:name` parameters, for example '/channels/:channelId/messages'. */
  pattern: string;
  /**
   * 'bot' routes need `Authorization: Bot <token>`. Interaction callbacks and interaction webhooks
   * authenticate with the token in their path instead, and discord.js sends them without the header.
   */
  auth: 'bot' | 'none';
  handle(request: RouteRequest): RouteResult | Promise<RouteResult>;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

/** Matches request paths against route patterns. Literal segments such as '@me' win over parameters. */
export class Router {
  readonly #compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    // Patterns with fewer parameters first, so that '/users/@me' is tried before '/users/:userId'.
    const sorted = [...routes].sort((a, b) => countParams(a.pattern) - countParams(b.pattern));
    this.#compiled = sorted.map((route) => compile(route));
  }

  match(method: string, path: string): RouteMatch {
    let pathMatched = false;
    for (const { route, regex, names } of this.#compiled) {
      const match = regex.exec(path);
      if (!match) {
        continue;
      }
      pathMatched = true;
      if (route.method !== method) {
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { kind: 'found', route, params };
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }
}

function countParams(pattern: string): number {
  return pattern.split('/').filter((segment) => segment.startsWith(':')).length;
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, regex: new RegExp(`^${source}/?$`), names };
}
