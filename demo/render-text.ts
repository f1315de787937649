import type { FakeMessage } from '../test/fakes/discord/index.js';
import type { ComponentJson, EmbedJson } from '../test/e2e/helpers.js';

/** Renders a bot message as indented plain text: content, each embed and each control. */
export function renderMessageText(message: FakeMessage): string {
  const lines: string[] = [];
  const ephemeral = (message.flags & 64) !== 0 ? ' (only visible to the member)' : '';
  lines.push(`  bot${ephemeral}:`);
  if (message.content) {
    for (const line of message.content.split('\n')) lines.push(`    ${line}`);
  }

  for (const embed of message.embeds as EmbedJson[]) {
    lines.push(`    ┌ ${embed.title ?? '(no title)'}`);
    if (embed.url) lines.push(`    │ link: ${embed.url}`);
    if (embed.description) lines.push(`    │ ${embed.description}`);
    const fields = (embed.fields ?? []).map((field) => `${field.name}: ${field.value}`).join(' · ');
    if (fields) lines.push(`    │ ${fields}`);
    if (embed.image) lines.push(`    │ image: ${embed.image.url}`);
    if (embed.footer) lines.push(`    └ ${embed.footer.text}`);
  }

  for (const row of message.components as ComponentJson[]) {
    const controls = (row.components ?? []).map(describeControl);
    lines.push(`    controls: ${controls.join(' ')}`);
  }
  return lines.join('\n');
}

function describeControl(component: ComponentJson): string {
  if (component.type === 3) {
    const options = (component.options ?? []).map((option) => `${option.default ? '●' : '○'} ${option.label}`);
    return `[menu: ${options.join(' | ')}]`;
  }
  const label = component.emoji?.name ?? component.label ?? '?';
  return component.disabled ? `[${label} (disabled)]` : `[${label}]`;
}
