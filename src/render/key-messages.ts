import type { MissingKeyReason } from '../settings/settings-service.js';

/** Member-facing lines about the Qualit.ly key that pays for lookups. */
export const KEY_MESSAGES = {
  notSet:
    'QC lookups are not set up in this server yet: it needs a Qualit.ly API key. A server admin can add one with `/qc-admin key set`.',
  guildKeyRejected:
    "Qualit.ly rejected this server's API key, so QC lookups are paused here. A server admin needs to set a new key with `/qc-admin key set`.",
  noDmKey: 'QC lookups are not available in direct messages on this bot. Use `/qc` in a server that has the bot.',
} as const;

/** Returns the member-facing line that explains why no lookup ran and who can fix it. */
export function missingKeyMessage(reason: MissingKeyReason): string {
  switch (reason) {
    case 'not-set':
      return KEY_MESSAGES.notSet;
    case 'rejected':
      return KEY_MESSAGES.guildKeyRejected;
    case 'no-dm-key':
      return KEY_MESSAGES.noDmKey;
  }
}
