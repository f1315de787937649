import type { KeyResolution } from '../settings/settings-service.js';
import type { BotContext } from './context.js';

/**
 * Maximum wait for a guild's stored settings before an interaction is acknowledged. Discord drops
 * an interaction not acknowledged within 3 s, so a slow store must leave time for the reply itself.
 */
export const SETTINGS_BEFORE_ACK_BUDGET_MS = 1_000;

/** Resolves with the promise's value if it settles within `ms`; else, or when it rejects, with undefined. */
export async function valueWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Guild facts that /qc needs before it acknowledges: whether it replies privately by default, and which key pays. */
export interface QcPreparation {
  privateByDefault: boolean;
  resolution: KeyResolution;
}

/** Reads the guild's /qc default and key in one go; both come from the same cached record. */
export async function prepareQc(context: BotContext, guildId: string | null): Promise<QcPreparation> {
  const [settings, resolution] = await Promise.all([
    guildId === null ? null : context.settings.settings(guildId),
    context.resolveApiKey(guildId),
  ]);
  return { privateByDefault: settings?.qcPrivateByDefault ?? false, resolution };
}
