/** Limits that Discord enforces on what a bot sends; a payload over any of them is rejected with 400. */
export const DISCORD_LIMITS = {
  MESSAGE_CONTENT_CHARS: 2000,
  EMBEDS_PER_MESSAGE: 10,
  EMBED_TITLE_CHARS: 256,
  EMBED_DESCRIPTION_CHARS: 4096,
  EMBED_FIELDS: 25,
  EMBED_FIELD_NAME_CHARS: 256,
  EMBED_FIELD_VALUE_CHARS: 1024,
  EMBED_FOOTER_CHARS: 2048,
  EMBED_AUTHOR_CHARS: 256,
  /** Title, description, field names and values, footer and author together, across all embeds of a message. */
  EMBED_TOTAL_CHARS: 6000,
  URL_CHARS: 2048,
  ACTION_ROWS: 5,
  BUTTONS_PER_ROW: 5,
  CUSTOM_ID_CHARS: 100,
  BUTTON_LABEL_CHARS: 80,
  SELECT_OPTIONS: 25,
  SELECT_OPTION_LABEL_CHARS: 100,
  SELECT_OPTION_VALUE_CHARS: 100,
  SELECT_OPTION_DESCRIPTION_CHARS: 100,
  SELECT_PLACEHOLDER_CHARS: 150,
} as const;


/** Cuts text to `max` characters (UTF-16 code units, as Discord counts), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never leave half of a surrogate pair at the end.
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}
