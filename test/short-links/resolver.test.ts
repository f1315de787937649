import { afterEach, describe, expect, it } from 'vitest';

import type { ResolvedAddress } from '../../src/short-links/index.js';
import { startResolverStack, type ResolverStack, type StackOptions } from './helpers.js';

const WEIDIAN_ITEM = 'https://weidian.com/item.html?itemID=7412345099';
const WEIDIAN_REF = { storefront: 'weidian', listingId: '7412345099' };

const stacks: ResolverStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

async function start(options: StackOptions = {}): Promise<ResolverStack> {
  const stack = await startResolverStack(options);
  stacks.push(stack);
  return stack;
}

function hostsRequested(stack: ResolverStack): string[] {
  return stack.server.requests.map((request) => request.host);
}

describe('short-link resolver chains', () => {
  it('resolves a single redirect', async () => {
    const stack = await start();
    stack.server.redirect('https://k.youshop10.com/Xy7Qw2Zp', WEIDIAN_ITEM);

    const result = await stack.resolver.resolve('https://k.youshop10.com/Xy7Qw2Zp');

    expect(result).toEqual({ kind: 'product', ref: WEIDIAN_REF, finalUrl: WEIDIAN_ITEM });
  });

  it('follows short, agent page, storefront', async () => {
    const stack = await start();
    const agentPage = 'https://www.pandabuy.com/product?url=PJ3kEncryptedCode';
    stack.server.redirect('https://pandabuy.page.link/QwErTy12', agentPage);
    stack.server.redirect(agentPage, WEIDIAN_ITEM);

    const result = await stack.resolver.resolve('https://pandabuy.page.link/QwErTy12');

    expect(result.kind === 'product' ? result.ref : result).toEqual(WEIDIAN_REF);
    expect(hostsRequested(stack)).toEqual(['pandabuy.page.link', 'www.pandabuy.com']);
  });

  it('takes the product Location without fetching it', async () => {
    const stack = await start();
    stack.server.redirect('https://weidian.info/AbCd', WEIDIAN_ITEM);

    await stack.resolver.resolve('https://weidian.info/AbCd');

    expect(hostsRequested(stack)).toEqual(['weidian.info']);
    expect(stack.sockets.map((socket) => socket.servername)).toEqual(['weidian.info']);
  });

  it('resolves within three requests', async () => {
    const stack = await start();
    stack.server.redirect('https://e.tb.cn/h.First', 'https://m.tb.cn/h.Second');
    stack.server.redirect('https://m.tb.cn/h.Second', 'https://www.pandabuy.com/product?url=PJ3kCode');
    stack.server.redirect('https://www.pandabuy.com/product?url=PJ3kCode', WEIDIAN_ITEM);

    const result = await stack.resolver.resolve('https://e.tb.cn/h.First');

    expect(result.kind).toBe('product');
    expect(stack.server.requests).toHaveLength(3);
  });

  it('stops before a fourth request', async () => {
    const stack = await start();
    stack.server.redirect('https://e.tb.cn/h.First', 'https://m.tb.cn/h.Second');
    stack.server.redirect('https://m.tb.cn/h.Second', 'https://pandabuy.page.link/Third');
    stack.server.redirect('https://pandabuy.page.link/Third', 'https://m.tb.cn/h.Fourth');
    stack.server.redirect('https://m.tb.cn/h.Fourth', WEIDIAN_ITEM);

    const result = await stack.resolver.resolve('https://e.tb.cn/h.First');

    expect(result).toEqual({ kind: 'none', reason: 'too-many-hops' });
    expect(stack.server.requests).toHaveLength(3);
  });

  it('honours a smaller maxHops', async () => {
    const stack = await start({ maxHops: 1 });
    stack.server.redirect('https://e.tb.cn/h.First', 'https://m.tb.cn/h.Second');
    stack.server.redirect('https://m.tb.cn/h.Second', WEIDIAN_ITEM);

    const result = await stack.resolver.resolve('https://e.tb.cn/h.First');

    expect(result).toEqual({ kind: 'none', reason: 'too-many-hops' });
    expect(stack.server.requests).toHaveLength(1);
  });

  it('stops a redirect loop', async () => {
    const stack = await start();
    stack.server.redirect('https://m.tb.cn/h.Loop', 'https://m.tb.cn/h.Loop');

    const result = await stack.resolver.resolve('https://m.tb.cn/h.Loop');

    expect(result).toEqual({ kind: 'none', reason: 'too-many-hops' });
    expect(stack.server.requests).toHaveLength(3);
  });

  it('resolves a relative Location', async () => {
    const stack = await start();
    stack.server.redirect('https://m.tb.cn/h.Old', '/h.New');
    stack.server.redirect('https://m.tb.cn/h.New', WEIDIAN_ITEM);

    const result = await stack.resolver.resolve('https://m.tb.cn/h.Old');

    expect(result.kind).toBe('product');
    expect(stack.server.requests.map((request) => request.path)).toEqual(['/h.Old', '/h.New']);
  });

  it('upgrades an http Location to https', async () => {
    const stack = await start();
    stack.server.redirect('https://e.tb.cn/h.First', 'http://m.tb.cn/h.Second');
    stack.server.redirect('https://m.tb.cn/h.Second', WEIDIAN_ITEM);

    const result = await stack.resolver.resolve('https://e.tb.cn/h.First');

    expect(result.kind).toBe('product');
    expect(stack.sockets.map((socket) => socket.port)).toEqual([443, 443]);
  });

  it('follows a short link wrapped in an agent link', async () => {
    const stack = await start();
    const wrapped = `https://www.kakobuy.com/item/details?url=${encodeURIComponent('https://m.tb.cn/h.Inner')}`;
    stack.server.redirect('https://sl.kakobuy.com/AbC123xy', wrapped);
    stack.server.redirect('https://m.tb.cn/h.Inner', WEIDIAN_ITEM);

    const result = await stack.resolver.resolve('https://sl.kakobuy.com/AbC123xy');

    expect(result.kind).toBe('product');
    expect(hostsRequested(stack)).toEqual(['sl.kakobuy.com', 'm.tb.cn']);
  });

  it('sends a browser User-Agent', async () => {
    const stack = await start();
    let userAgent: string | undefined;
    stack.server.route('https://m.tb.cn/h.Agent', (request, response) => {
      userAgent = request.headers['user-agent'];
      response.writeHead(302, { location: WEIDIAN_ITEM }).end();
    });

    await stack.resolver.resolve('https://m.tb.cn/h.Agent');

    expect(userAgent).toMatch(/^Mozilla\/5\.0 /);
  });
});

describe('short-link resolver landings', () => {
  it('kakobuy register page gives not-a-product', async () => {
    const stack = await start();
    stack.server.redirect('https://sl.kakobuy.com/AbC123xy', 'https://www.kakobuy.com/register/?affcode=aff03');
    stack.server.route('https://www.kakobuy.com/register/?affcode=aff03', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Sign up</h1>');
    });

    const result = await stack.resolver.resolve('https://sl.kakobuy.com/AbC123xy');

    expect(result).toEqual({ kind: 'none', reason: 'not-a-product' });
  });

  it('referral short link gives not-a-product unfetched', async () => {
    const stack = await start();

    const result = await stack.resolver.resolve('https://ikako.vip/r/abc123');

    expect(result).toEqual({ kind: 'none', reason: 'not-a-product' });
    expect(stack.server.requests).toHaveLength(0);
  });

  it('Xianyu item gives not-a-product unfetched', async () => {
    const stack = await start();
    stack.server.redirect('https://m.tb.cn/h.Xianyu', 'https://www.goofish.com/item?id=812345678901');

    const result = await stack.resolver.resolve('https://m.tb.cn/h.Xianyu');

    expect(result).toEqual({ kind: 'none', reason: 'not-a-product' });
    expect(hostsRequested(stack)).toEqual(['m.tb.cn']);
  });

  it('unknown code (404) gives not-a-product', async () => {
    const stack = await start();

    const result = await stack.resolver.resolve('https://m.tb.cn/h.Unknown');

    expect(result).toEqual({ kind: 'none', reason: 'not-a-product' });
  });

  it('server error gives failed', async () => {
    const stack = await start();
    stack.server.route('https://m.tb.cn/h.Broken', (_request, response) => {
      response.writeHead(503).end();
    });

    const result = await stack.resolver.resolve('https://m.tb.cn/h.Broken');

    expect(result).toEqual({ kind: 'none', reason: 'failed' });
  });

  it('redirect without Location gives failed', async () => {
    const stack = await start();
    stack.server.route('https://m.tb.cn/h.NoLocation', (_request, response) => {
      response.writeHead(302).end();
    });

    const result = await stack.resolver.resolve('https://m.tb.cn/h.NoLocation');

    expect(result).toEqual({ kind: 'none', reason: 'failed' });
  });
});

describe('short-link resolver guard', () => {
  const BLOCKED_LOCATIONS: readonly string[] = [
    'https://evil.example/item.html?itemID=7412345099',
    'https://m.tb.cn.evil.example/h.x',
    'https://notm.tb.cn/h.x',
    'https://127.0.0.1/h.x',
    'http://2130706433/h.x',
    'https://0x7f.1/h.x',
    'https://[::1]/h.x',
    'https://user@m.tb.cn/h.x',
    'https://m.tb.cn:8443/h.x',
    'ftp://m.tb.cn/h.x',
  ];

  it.each(BLOCKED_LOCATIONS)('blocks a hop to %s', async (location) => {
    const stack = await start();
    stack.server.redirect('https://e.tb.cn/h.First', location);

    const result = await stack.resolver.resolve('https://e.tb.cn/h.First');

    expect(result).toEqual({ kind: 'none', reason: 'blocked-host' });
    expect(stack.lookups).toEqual(['e.tb.cn']);
    expect(stack.sockets.map((socket) => socket.servername)).toEqual(['e.tb.cn']);
  });

  it('blocks a first URL on an unknown host', async () => {
    const stack = await start();

    const result = await stack.resolver.resolve('https://evil.example/h.x');

    expect(result).toEqual({ kind: 'none', reason: 'blocked-host' });
    expect(stack.lookups).toHaveLength(0);
  });

  const NON_PUBLIC_ANSWERS: ReadonlyArray<readonly [name: string, answer: ResolvedAddress[]]> = [
    ['127.0.0.1', [{ address: '127.0.0.1', family: 4 }]],
    ['10.x', [{ address: '10.1.2.3', family: 4 }]],
    ['192.168.x', [{ address: '192.168.0.10', family: 4 }]],
    ['169.254.x', [{ address: '169.254.169.254', family: 4 }]],
    ['CGNAT', [{ address: '100.64.0.1', family: 4 }]],
    ['0.0.0.0', [{ address: '0.0.0.0', family: 4 }]],
    ['::1', [{ address: '::1', family: 6 }]],
    ['::ffff:127.0.0.1', [{ address: '::ffff:127.0.0.1', family: 6 }]],
    ['ULA', [{ address: 'fd00::1', family: 6 }]],
    ['fe80::', [{ address: 'fe80::1', family: 6 }]],
    [
      'public then private',
      [
        { address: '93.184.216.34', family: 4 },
        { address: '192.168.1.1', family: 4 },
      ],
    ],
  ];

  it.each(NON_PUBLIC_ANSWERS)('blocks DNS answer %s before connecting', async (_name, answer) => {
    const stack = await start();
    stack.dnsAnswers.set('m.tb.cn', answer);

    const result = await stack.resolver.resolve('https://m.tb.cn/h.Rebind');

    expect(result).toEqual({ kind: 'none', reason: 'blocked-host' });
    expect(stack.lookups).toEqual(['m.tb.cn']);
    expect(stack.sockets).toHaveLength(0);
  });

  it('blocks a later hop whose DNS answer is private', async () => {
    const stack = await start();
    stack.dnsAnswers.set('m.tb.cn', [{ address: '127.0.0.1', family: 4 }]);
    stack.server.redirect('https://e.tb.cn/h.First', 'https://m.tb.cn/h.Second');

    const result = await stack.resolver.resolve('https://e.tb.cn/h.First');

    expect(result).toEqual({ kind: 'none', reason: 'blocked-host' });
    expect(stack.sockets.map((socket) => socket.servername)).toEqual(['e.tb.cn']);
  });

  it('connects to the checked address', async () => {
    const stack = await start();
    stack.dnsAnswers.set('m.tb.cn', [{ address: '47.246.136.1', family: 4 }]);
    stack.server.redirect('https://m.tb.cn/h.Pinned', WEIDIAN_ITEM);

    await stack.resolver.resolve('https://m.tb.cn/h.Pinned');

    expect(stack.sockets).toEqual([{ address: '47.246.136.1', family: 4, port: 443, servername: 'm.tb.cn' }]);
  });

  it('does not cache a block by DNS answer', async () => {
    const stack = await start();
    stack.dnsAnswers.set('m.tb.cn', [{ address: '127.0.0.1', family: 4 }]);
    stack.server.redirect('https://m.tb.cn/h.Later', WEIDIAN_ITEM);
    await stack.resolver.resolve('https://m.tb.cn/h.Later');
    stack.dnsAnswers.delete('m.tb.cn');

    const result = await stack.resolver.resolve('https://m.tb.cn/h.Later');

    expect(result.kind).toBe('product');
  });
});

describe('short-link resolver timing', () => {
  it('times out on a silent server', async () => {
    const stack = await start({ timeoutMs: 300 });
    stack.server.route('https://m.tb.cn/h.Silent', () => {
      // Never answers.
    });

    const startedAt = Date.now();
    const result = await stack.resolver.resolve('https://m.tb.cn/h.Silent');

    expect(result).toEqual({ kind: 'none', reason: 'timeout' });
    expect(Date.now() - startedAt).toBeLessThan(1_500);
  });

  it('times out while waiting for a slot', async () => {
    const stack = await start({ timeoutMs: 300, maxConcurrent: 1 });
    stack.server.route('https://m.tb.cn/h.Silent', () => {
      // Never answers.
    });
    stack.server.redirect('https://m.tb.cn/h.Queued', WEIDIAN_ITEM);

    const [first, second] = await Promise.all([
      stack.resolver.resolve('https://m.tb.cn/h.Silent'),
      stack.resolver.resolve('https://m.tb.cn/h.Queued'),
    ]);

    expect(first).toEqual({ kind: 'none', reason: 'timeout' });
    expect(second).toEqual({ kind: 'none', reason: 'timeout' });
    expect(stack.server.requests.map((request) => request.path)).toEqual(['/h.Silent']);
  });

  it('runs at most maxConcurrent chains at once', async () => {
    const stack = await start({ maxConcurrent: 2 });
    let active = 0;
    let maxActive = 0;
    for (let index = 0; index < 5; index++) {
      stack.server.route(`https://m.tb.cn/h.Slow${index}`, (_request, response) => {
        active++;
        maxActive = Math.max(maxActive, active);
        setTimeout(() => {
          active--;
          response.writeHead(302, { location: `https://weidian.com/item.html?itemID=741234510${index}` }).end();
        }, 50);
      });
    }

    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((index) => stack.resolver.resolve(`https://m.tb.cn/h.Slow${index}`)),
    );

    expect(results.every((result) => result.kind === 'product')).toBe(true);
    expect(maxActive).toBe(2);
  });

  it('resolves despite an endless redirect body', async () => {
    const stack = await start();
    stack.server.route('https://m.tb.cn/h.Endless', (_request, response) => {
      response.writeHead(302, { location: WEIDIAN_ITEM, 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const timer = setInterval(() => response.write(chunk), 1);
      response.on('close', () => clearInterval(timer));
    });

    const startedAt = Date.now();
    const result = await stack.resolver.resolve('https://m.tb.cn/h.Endless');

    expect(result.kind).toBe('product');
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('resolves despite a stalled redirect body', async () => {
    const stack = await start();
    stack.server.route('https://m.tb.cn/h.Stalled', (_request, response) => {
      response.writeHead(302, { location: WEIDIAN_ITEM, 'content-length': '1000' });
      response.write('<html>');
    });

    const startedAt = Date.now();
    const result = await stack.resolver.resolve('https://m.tb.cn/h.Stalled');

    expect(result.kind).toBe('product');
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('resolves despite a huge declared redirect body', async () => {
    const stack = await start();
    stack.server.route('https://m.tb.cn/h.Huge', (_request, response) => {
      response.writeHead(302, { location: WEIDIAN_ITEM, 'content-length': String(1024 * 1024 * 1024) });
      response.write(Buffer.alloc(1024, 0x61));
    });

    const startedAt = Date.now();
    const result = await stack.resolver.resolve('https://m.tb.cn/h.Huge');

    expect(result.kind).toBe('product');
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });
});

describe('short-link resolver cache', () => {
  it('answers a repeat from the cache', async () => {
    const stack = await start();
    stack.server.redirect('https://m.tb.cn/h.Cached', WEIDIAN_ITEM);
    const first = await stack.resolver.resolve('https://m.tb.cn/h.Cached');

    const second = await stack.resolver.resolve('https://m.tb.cn/h.Cached');

    expect(second).toEqual(first);
    expect(stack.server.requests).toHaveLength(1);
    expect(stack.lookups).toHaveLength(1);
  });

  it('caches not-a-product', async () => {
    const stack = await start();
    await stack.resolver.resolve('https://m.tb.cn/h.Missing');

    const result = await stack.resolver.resolve('https://m.tb.cn/h.Missing');

    expect(result).toEqual({ kind: 'none', reason: 'not-a-product' });
    expect(stack.server.requests).toHaveLength(1);
  });

  it('does not cache a failure', async () => {
    const stack = await start();
    let calls = 0;
    stack.server.route('https://m.tb.cn/h.Flaky', (_request, response) => {
      calls++;
      if (calls === 1) {
        response.writeHead(503).end();
      } else {
        response.writeHead(302, { location: WEIDIAN_ITEM }).end();
      }
    });
    await stack.resolver.resolve('https://m.tb.cn/h.Flaky');

    const result = await stack.resolver.resolve('https://m.tb.cn/h.Flaky');

    expect(result.kind).toBe('product');
    expect(calls).toBe(2);
  });

  it('does not cache a timeout', async () => {
    const stack = await start({ timeoutMs: 200 });
    let calls = 0;
    stack.server.route('https://m.tb.cn/h.SlowOnce', (_request, response) => {
      calls++;
      if (calls > 1) {
        response.writeHead(302, { location: WEIDIAN_ITEM }).end();
      }
    });
    await stack.resolver.resolve('https://m.tb.cn/h.SlowOnce');

    const result = await stack.resolver.resolve('https://m.tb.cn/h.SlowOnce');

    expect(result.kind).toBe('product');
    expect(calls).toBe(2);
  });

  it('keys the cache by the exact URL', async () => {
    const stack = await start();
    stack.server.redirect('https://m.tb.cn/h.One', WEIDIAN_ITEM);
    stack.server.redirect('https://m.tb.cn/h.One?tk=abc', WEIDIAN_ITEM);
    await stack.resolver.resolve('https://m.tb.cn/h.One');

    await stack.resolver.resolve('https://m.tb.cn/h.One?tk=abc');

    expect(stack.server.requests).toHaveLength(2);
  });

  it('shares one chain between concurrent calls', async () => {
    const stack = await start();
    stack.server.route('https://m.tb.cn/h.Shared', (_request, response) => {
      setTimeout(() => response.writeHead(302, { location: WEIDIAN_ITEM }).end(), 30);
    });

    const [first, second] = await Promise.all([
      stack.resolver.resolve('https://m.tb.cn/h.Shared'),
      stack.resolver.resolve('https://m.tb.cn/h.Shared'),
    ]);

    expect(second).toEqual(first);
    expect(stack.server.requests).toHaveLength(1);
  });
});

describe('short-link resolver calls', () => {
  it('rejects when the caller aborts', async () => {
    const stack = await start();
    stack.server.route('https://m.tb.cn/h.Slow', (_request, response) => {
      setTimeout(() => response.writeHead(302, { location: WEIDIAN_ITEM }).end(), 200);
    });
    const controller = new AbortController();
    const pending = stack.resolver.resolve('https://m.tb.cn/h.Slow', controller.signal);

    controller.abort(new Error('message deleted'));

    await expect(pending).rejects.toThrow('message deleted');
  });

  it('rejects after close', async () => {
    const stack = await start();
    await stack.resolver.close();

    await expect(stack.resolver.resolve('https://m.tb.cn/h.Closed')).rejects.toThrow('closed');
  });
});

describe('short-link resolver logs', () => {
  it('logs host and path, never the query', async () => {
    const stack = await start();
    stack.server.redirect('https://m.tb.cn/h.Logged?tk=ShareToken123', WEIDIAN_ITEM);
    stack.server.route('https://e.tb.cn/h.Failing?tk=ShareToken456', (_request, response) => {
      response.writeHead(503).end();
    });

    await stack.resolver.resolve('https://m.tb.cn/h.Logged?tk=ShareToken123');
    await stack.resolver.resolve('https://e.tb.cn/h.Failing?tk=ShareToken456');

    const lines = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(stack.logs.join('')).not.toContain('ShareToken');
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 20, shortHost: 'm.tb.cn', shortPath: '/h.Logged', outcome: 'product' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 40, shortHost: 'e.tb.cn', shortPath: '/h.Failing', outcome: 'failed' }),
    );
  });

  it('throttles repeated warnings per host', async () => {
    const stack = await start();
    for (const code of ['A', 'B', 'C']) {
      stack.server.route(`https://e.tb.cn/h.${code}`, (_request, response) => {
        response.writeHead(503).end();
      });
      await stack.resolver.resolve(`https://e.tb.cn/h.${code}`);
    }

    const warnings = stack.logs.map((line) => JSON.parse(line) as { level: number }).filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
  });
});
