interface Waiter {
  check(): void;
  fail(error: Error): void;
}

/** Default time that the fake's wait helpers allow before they reject. */
export const DEFAULT_WAIT_MS = 5_000;

/**
 * Re-evaluates pending wait conditions whenever the fake's state changes.
 *
 * State changes call `notify()`. A wait resolves with the first defined value of its check
 * and rejects when the check throws, when it times out, or when the fake closes.
 */
export class ChangeNotifier {
  readonly #waiters = new Set<Waiter>();
  #closed = false;

  notify(): void {
    for (const waiter of [...this.#waiters]) {
      waiter.check();
    }
  }

  /**
   * Resolves with the first value other than undefined that `check` returns.
   * `describeTimeout` builds the rejection message, so it can list the state seen so far.
   */
  waitFor<T>(check: () => T | undefined, timeoutMs: number, describeTimeout: () => string): Promise<T> {
    if (this.#closed) {
      return Promise.reject(new Error('The fake Discord server is closed.'));
    }

    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;

      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = check();
          } catch (error) {
            finish();
            reject(error);
            return;
          }
          if (value !== undefined) {
            finish();
            resolve(value);
          }
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };

      const finish = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };

      this.#waiters.add(waiter);
      waiter.check();
      if (!this.#waiters.has(waiter)) {
        return;
      }

      timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out after ${timeoutMs} ms: ${describeTimeout()}`));
      }, timeoutMs);
    });
  }

  /** Rejects every pending wait, because nothing will change any more. */
  close(): void {
    this.#closed = true;
    for (const waiter of [...this.#waiters]) {
      waiter.fail(new Error('The fake Discord server closed while a wait was pending.'));
    }
  }
}
