import { describe, expect, it } from 'vitest';

import { createConcurrencyLimit } from '../../src/short-links/concurrency.js';

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('concurrency limit', () => {
  it('runs at most the limit at once', async () => {
    const limit = createConcurrencyLimit(2);
    const signal = new AbortController().signal;
    let active = 0;
    let maxActive = 0;
    const task = async (): Promise<void> => {
      active++;
      maxActive = Math.max(maxActive, active);
      await delay(10);
      active--;
    };

    await Promise.all([1, 2, 3, 4, 5].map(() => limit.run(task, signal)));

    expect(maxActive).toBe(2);
  });

  it('starts waiting tasks in order', async () => {
    const limit = createConcurrencyLimit(1);
    const signal = new AbortController().signal;
    const order: number[] = [];

    await Promise.all([1, 2, 3].map((n) => limit.run(async () => void order.push(n), signal)));

    expect(order).toEqual([1, 2, 3]);
  });

  it('drops a waiting task on abort', async () => {
    const limit = createConcurrencyLimit(1);
    const blocker = limit.run(() => delay(50), new AbortController().signal);
    const controller = new AbortController();
    let ran = false;
    const waiting = limit.run(async () => {
      ran = true;
    }, controller.signal);

    controller.abort(new Error('deadline'));

    await expect(waiting).rejects.toThrow('deadline');
    await blocker;
    expect(ran).toBe(false);
  });

  it('frees the slot after a failed task', async () => {
    const limit = createConcurrencyLimit(1);
    const signal = new AbortController().signal;
    await expect(limit.run(() => Promise.reject(new Error('boom')), signal)).rejects.toThrow('boom');

    await expect(limit.run(async () => 'next', signal)).resolves.toBe('next');
  });

  it('rejects a limit below one', () => {
    expect(() => createConcurrencyLimit(0)).toThrow(RangeError);
  });
});
