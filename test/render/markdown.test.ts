import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/render/markdown.js';

describe('escapeMarkdown', () => {
  it.each([
    ['**bold** name', '\\*\\*bold\\*\\* name'],
    ['under_score', 'under\\_score'],
    ['~~strike~~', '\\~\\~strike\\~\\~'],
    ['`code`', '\\`code\\`'],
    ['||spoiler||', '\\|\\|spoiler\\|\\|'],
    ['> quote', '\\> quote'],
    ['[link](https://evil.example)', '\\[link\\](https://evil.example)'],
    ['# Heading', '\\# Heading'],
    ['- item', '\\- item'],
    ['<@123456789>', '\\<@123456789\\>'],
    ['back\\slash', 'back\\\\slash'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('breaks everyone and here mentions', () => {
    const escaped = escapeMarkdown('@everyone and @here');
    expect(escaped).not.toContain('@everyone');
    expect(escaped).not.toContain('@here');
  });

  it('joins lines into one', () => {
    expect(escapeMarkdown('first\nsecond\r\nthird')).toBe('first second third');
  });

  it('keeps plain text unchanged', () => {
    expect(escapeMarkdown('AJ1 Retro High OG 2024 (size 42)')).toBe('AJ1 Retro High OG 2024 (size 42)');
  });
});
