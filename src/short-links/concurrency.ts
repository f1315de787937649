/** A limit on how many tasks run at once. Further tasks wait in FIFO order. */
export interface ConcurrencyLimit {
  /**
   * Runs `task` once a slot is free. When `signal` aborts while the task still waits, the task
   * never runs and the call rejects with the signal's reason.
   */
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
}

interface Waiter {
  start(): void;
}

export function createConcurrencyLimit(maxConcurrent: number): ConcurrencyLimit {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  }

  let running = 0;
  const waiting: Waiter[] = [];

  const release = (): void => {
    running--;
    const next = waiting.shift();
    if (next !== undefined) {
      running++;
      next.start();
    }
  };

  const acquire = (signal: AbortSignal): Promise<void> => {
    if (signal.aborted) {
      return Promise.reject(signal.reason);
    }
    if (running < maxConcurrent) {
      running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = waiting.indexOf(waiter);
        if (index !== -1) {
          waiting.splice(index, 1);
        }
        reject(signal.reason);
      };
      const waiter: Waiter = {
        start() {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      waiting.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };

  return {
    async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
