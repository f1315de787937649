import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../fakes/stack.js';
import { pasteAndWait } from './helpers.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('monthly quota', () => {
  it('tells members when lookups resume', async () => {
    stack.qualitly.injectFault(
      { kind: 'status', status: 429, body: '{"error":{"code":"QUOTA_EXCEEDED","message":"Monthly quota exhausted"}}' },
      { path: '/products/weidian/7231368393' },
    );
    const reply = await pasteAndWait(stack, 'https://weidian.com/item.html?itemID=7231368393');
    const now = new Date();
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) / 1000;

    expect(reply.content).toBe(`This Qualit.ly plan has used all of its lookups for this month. Lookups resume <t:${nextMonth}:R>.`);
  });

  it('stops calling the API until then', async () => {
    const before = stack.qualitly.requests.length;
    const reply = await pasteAndWait(stack, 'https://item.taobao.com/item.htm?id=652812345678');

    expect(reply.content).toMatch(/used all of its lookups/);
    expect(stack.qualitly.requests.length).toBe(before);
  });
});
