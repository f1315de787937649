/** Time source of the fake server, so that tests can move rate-limit windows without sleeping. */
export interface FakeClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

/**
 * Creates a clock for the fake server. With `startMs` the clock stays at that time until `set` or
 * `advance` moves it. Without it the clock follows real time, and `set` and `advance`
 * shift it by an offset.
 */
export function createFakeClock(startMs?: number): FakeClock {
  if (startMs === undefined) {
    let offsetMs = 0;
    return {
      now: () => Date.now() + offsetMs,
      set: (ms) => {
        offsetMs = ms - Date.now();
      },
      advance: (ms) => {
        offsetMs += ms;
      },
    };
  }

  let currentMs = startMs;
  return {
    now: () => currentMs,
    set: (ms) => {
      currentMs = ms;
    },
    advance: (ms) => {
      currentMs += ms;
    },
  };
}
