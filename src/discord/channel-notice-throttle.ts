import { systemClock, type Clock } from '../lookup/clock.js';

/** Minimum time between two sends of one notice to one channel. */
export const CHANNEL_NOTICE_INTERVAL_MS = 60 * 60 * 1000;
/** Channels remembered. The ones notified longest ago are forgotten first. */
const DEFAULT_CAPACITY = 5_000;

/**
 * Limits a repeated notice, such as "an admin must set a key", to once per channel per interval,
 * so a busy channel is not flooded with it. The memory is per process and starts empty after a restart.
 */
export class ChannelNoticeThrottle {
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly intervalMs = CHANNEL_NOTICE_INTERVAL_MS,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Returns true, and records the notice as sent, when `channelId` has not had it within the interval. */
  tryTake(channelId: string): boolean {
    const now = this.clock.now();
    const sentAt = this.lastSent.get(channelId);
    if (sentAt !== undefined && now - sentAt < this.intervalMs) return false;

    this.lastSent.delete(channelId);
    this.lastSent.set(channelId, now);
    if (this.lastSent.size > this.capacity) {
      const oldest = this.lastSent.keys().next().value;
      if (oldest !== undefined) this.lastSent.delete(oldest);
    }
    return true;
  }
}
