import { randomBytes } from 'node:crypto';

/** Milliseconds from the Unix epoch to the Discord epoch, 2015-01-01T00:00:00Z. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** Mask of the 22 low bits that Discord uses for worker, process and increment. */
const LOW_BITS_MASK = 0x3f_ffffn;

/**
 * Generates snowflakes with the current time in the high bits and a counter in the 22 low bits.
 *
 * The ids must look like Discord's: @discordjs/rest only treats 17 to 19 digit ids as major
 * parameters of a route, and discord.js derives `createdTimestamp` from the high bits.
 */
export class SnowflakeGenerator {
  #counter = 0n;

  next(): string {
    this.#counter = (this.#counter + 1n) & LOW_BITS_MASK;
    const elapsed = BigInt(Date.now()) - DISCORD_EPOCH_MS;
    return ((elapsed << 22n) | this.#counter).toString();
  }
}

/** Returns `byteCount` random bytes as base64url text, the alphabet of Discord tokens. */
export function randomToken(byteCount: number): string {
  return randomBytes(byteCount).toString('base64url');
}

/** Builds a token shaped like a bot token: base64 user id, timestamp part and HMAC part, joined by dots. */
export function makeBotToken(botUserId: string): string {
  const idPart = Buffer.from(botUserId).toString('base64url');
  return `${idPart}.${randomToken(4)}.${randomToken(27)}`;
}
