/** Qualit.ly key format: `qc_`, the mode, `_`, then 32 letters and digits. */
export const API_KEY_PATTERN = /^qc_(live|test)_[A-Za-z0-9]{32}$/;

/** Characters of a key's random part that a masked key shows, enough to tell keys apart in a dashboard. */
const VISIBLE_SUFFIX_CHARS = 4;

export function isWellFormedApiKey(text: string): boolean {
  return API_KEY_PATTERN.test(text);
}

/** Masks a key to its mode and last four characters, such as `qc_live_…7f3a`. */
export function maskApiKey(apiKey: string): string {
  const match = /^qc_(live|test)_/.exec(apiKey);
  const prefix = match ? match[0] : 'qc_';
  return `${prefix}…${apiKey.slice(-VISIBLE_SUFFIX_CHARS)}`;
}
