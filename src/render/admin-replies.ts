import type { Usage, UsageBucket } from '../qualitly/index.js';
import type { GuildSettings, KeyRejection } from '../settings/guild-settings.js';
import type { KeyResolution } from '../settings/settings-service.js';

/** Cells of a text progress bar; 16 keeps a status line within a phone's width. */
const PROGRESS_BAR_CELLS = 16;

/** Plan names as Qualit.ly's dashboard shows them; a tier this table does not know shows its raw name. */
const TIER_NAMES: Record<string, string> = {
  basic: 'Basic',
  early_adopter: 'Early Adopter',
  pro: 'Pro',
  pro_plus: 'Pro Plus',
  custom: 'Custom',
};

/** Formats a Discord timestamp, which each reader sees in their own time zone and language. */
function relativeTime(date: Date | number): string {
  const ms = typeof date === 'number' ? date : date.getTime();
  return `<t:${Math.floor(ms / 1000)}:R>`;
}

export function tierName(tier: string): string {
  return TIER_NAMES[tier] ?? tier;
}

/** Replies of /qc-admin and its key form, all private to the admin. */
export const ADMIN_MESSAGES = {
  notInGuild: 'These commands change the settings of a server, so they only work inside a server.',
  missingPermission: 'You need the Manage Server permission to change the QC bot for this server. Ask a server admin.',
  staleForm: 'This form has expired or is not one of mine. Run the command again.',
  storageUnavailable:
    'This bot cannot store server keys, because its operator has not set up encrypted key storage (SETTINGS_ENCRYPTION_KEY). ' +
    'Ask the bot operator to set it, then run `/qc-admin key set` again.',
  malformedKey:
    'That is not a Qualit.ly API key, so it was not saved. A key starts with `qc_live_` or `qc_test_` followed by 32 letters and digits. ' +
    'Copy it again from the Qualit.ly dashboard and run `/qc-admin key set`.',
  invalidKey:
    'Qualit.ly does not recognise that key, so it was not saved. Check that you copied the whole key from the Qualit.ly dashboard, then run `/qc-admin key set` again.',
  revokedKey:
    'That key was revoked in the Qualit.ly dashboard, so it was not saved. Create a new key there and run `/qc-admin key set` again.',
  keyNotChecked: (reason: string) => `The key could not be checked with Qualit.ly, so it was not saved. ${reason}`,
  keySaved: (maskedKey: string, tier: string) =>
    `Saved. Lookups in this server now use the key \`${maskedKey}\` on the **${tierName(tier)}** plan.`,
  keyRemoved: (operatorKeyForGuilds: boolean) =>
    operatorKeyForGuilds
      ? "Removed this server's key. Lookups here now use the bot operator's key."
      : "Removed this server's key. Lookups here are off until an admin sets a new one with `/qc-admin key set`.",
  noKeyToRemove: 'This server has no key of its own, so there was nothing to remove.',
  keyRejectedWarning: (rejection: KeyRejection) =>
    `⚠️ Qualit.ly ${rejection.code === 'REVOKED_KEY' ? 'reports that this server\'s key was revoked' : 'rejected this server\'s key'} ${relativeTime(rejection.at)}, ` +
    'so QC lookups here are paused. Set a new key with `/qc-admin key set`.',
  keyUnreadableWarning:
    "⚠️ This server's stored key can no longer be decrypted, because the bot's encryption secret changed, so it counts as no key. " +
    'Set the key again with `/qc-admin key set`.',
  channelDetection: (channelId: string, enabled: boolean) =>
    enabled ? `Link detection is on again in <#${channelId}>.` : `Link detection is now off in <#${channelId}>. \`/qc\` still works there.`,
  serverDetectionOff: 'Link detection is off for the whole server, so no channel is answered until it is turned on with `/qc-admin settings link_detection:True`.',
  settingsSaved: 'Saved.',
} as const;

/** Lists the guild's settings, one per line, with the operator's default where the guild set none. */
export function renderSettings(settings: GuildSettings, defaultProductsPerMessage: number): string {
  const channels = settings.disabledChannelIds.map((id) => `<#${id}>`).join(', ');
  let detection = 'on in every channel';
  if (!settings.linkDetection) detection = 'off in the whole server';
  else if (channels) detection = `on, except in ${channels}`;
  const products =
    settings.productsPerMessage === null ? `${defaultProductsPerMessage} (the bot's default)` : String(settings.productsPerMessage);
  const qcVisibility = settings.qcPrivateByDefault
    ? 'private by default; members can make a reply public with `private:False`'
    : 'public by default; members can make a reply private with `private:True`';

  return [
    '**Settings for this server**',
    `Link detection: ${detection}`,
    `Links that find nothing: ${settings.answerNotFound ? 'answered' : 'not answered'}`,
    `Products per message: ${products}`,
    `/qc replies: ${qcVisibility}`,
  ].join('\n');
}

/** Renders the key line of /qc-admin status: whose key pays for lookups here. */
export function renderKeyInUse(resolution: KeyResolution, maskedGuildKey: string | null): string {
  if (resolution.status === 'ok') {
    return resolution.source === 'guild' && maskedGuildKey
      ? `**Key:** this server's own key \`${maskedGuildKey}\``
      : "**Key:** the bot operator's key, since this server has no usable key of its own";
  }
  if (resolution.reason === 'rejected') return `**Key:** this server's own key${maskedGuildKey ? ` \`${maskedGuildKey}\`` : ''}, paused after Qualit.ly rejected it`;
  return '**Key:** none, so QC lookups are off here. Set one with `/qc-admin key set`.';
}

/** Renders the plan and both usage counters of /usage, each with a text progress bar and its reset time. */
export function renderUsage(usage: Usage): string {
  return [
    `**Plan:** ${tierName(usage.tier)}`,
    `**This month:** ${renderBucket(usage.month)}`,
    `**This minute:** ${renderBucket(usage.minute)}`,
  ].join('\n');
}

function renderBucket(bucket: UsageBucket): string {
  const resets = `resets ${relativeTime(bucket.resetAt)}`;
  if (bucket.limit === null) return `${formatCount(bucket.used)} requests, no limit · ${resets}`;

  const share = bucket.limit > 0 ? Math.min(1, bucket.used / bucket.limit) : 1;
  return `${progressBar(share)} ${formatCount(bucket.used)} of ${formatCount(bucket.limit)} requests (${Math.round(share * 100)}%) · ${resets}`;
}

/** Draws `share` (0 to 1) as a bar of filled and empty cells in a code span, such as `████░░░░`. */
export function progressBar(share: number, cells = PROGRESS_BAR_CELLS): string {
  const clamped = Math.min(1, Math.max(0, share));
  // A bar with any use shows at least one cell, so "almost nothing" differs from "nothing".
  const filled = clamped === 0 ? 0 : Math.max(1, Math.round(clamped * cells));
  return `\`${'█'.repeat(filled)}${'░'.repeat(cells - filled)}\``;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
