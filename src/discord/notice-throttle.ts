import { systemClock, type Clock } from '../lookup/clock.js';

/** Default minimum time between two sends of one notice for one key, such as a channel id. */
export const CHANNEL_NOTICE_INTERVAL_MS = 60 * 60 * 1000;
/** Keys remembered. The ones notified longest ago are forgotten first. */
const DEFAULT_CAPACITY = 5_000;

/**
 * Limits a repeated notice to once per key per interval: "an admin must set a key" once per
 * channel, so a busy channel is not flooded with it, or a log line once per guild. The memory is per
 * process and starts empty after a restart.
 */
export class NoticeThrottle {
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly intervalMs = CHANNEL_NOTICE_INTERVAL_MS,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Returns true, and records the notice as sent, when `key` has not had it within the interval. */
  tryTake(key: string): boolean {
    const now = this.clock.now();
    const sentAt = this.lastSent.get(key);
    if (sentAt !== undefined && now - sentAt < this.intervalMs) return false;

    this.lastSent.delete(key);
    this.lastSent.set(key, now);
    if (this.lastSent.size > this.capacity) {
      const oldest = this.lastSent.keys().next().value;
      if (oldest !== undefined) this.lastSent.delete(oldest);
    }
    return true;
  }
}
