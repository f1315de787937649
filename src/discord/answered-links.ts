import type { LinkMatch } from '../links/index.js';
import { productKey } from '../links/index.js';

/** Messages remembered; older ones are forgotten first. */
const DEFAULT_CAPACITY = 5_000;

/** Returns the key that identifies a link match across edits: `storefront:id`, or the short link itself. */
export function matchKey(match: LinkMatch): string {
  return match.kind === 'product' ? productKey(match.ref) : `short:${match.url}`;
}

/**
 * Record of the links the bot has replied to, per recent message, so that the reply to an edit
 * covers the links it adds and nothing else. The least recently touched messages are dropped first.
 */
export class AnsweredLinks {
  private readonly entries = new Map<string, Set<string>>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Returns the matches of `messageId` that had no reply yet, and records them as replied to. */
  takeUnanswered(messageId: string, matches: LinkMatch[]): LinkMatch[] {
    const answered = this.entries.get(messageId) ?? new Set<string>();
    const fresh = matches.filter((match) => !answered.has(matchKey(match)));
    for (const match of fresh) answered.add(matchKey(match));

    this.entries.delete(messageId);
    this.entries.set(messageId, answered);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return fresh;
  }

  get size(): number {
    return this.entries.size;
  }
}
