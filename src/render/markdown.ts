/**
 * Escapes Discord markdown so that text from the API (product names) shows literally:
 * emphasis, code, spoilers, quotes, masked links, headings, lists and `<@id>` mention syntax.
 * `@everyone` and `@here` are broken with a zero-width space; allowed_mentions is off anyway,
 * but an escaped name must not even render as a highlighted mention.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\*_~`|<>[\]]/g, (character) => `\\${character}`)
    .replace(/^(\s*)([#-])/, '$1\\$2')
    .replace(/@(everyone|here)/gi, '@\u200b$1');
}
