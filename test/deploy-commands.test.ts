import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.js';
import { deployCommands } from '../src/deploy-commands.js';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord/index.js';

const GUILD_ID = '100000000000000042';

let discord: FakeDiscord;

beforeAll(async () => {
  discord = await startFakeDiscord({ guilds: [{ id: GUILD_ID, name: 'Dev Guild' }] });
});

afterAll(async () => {
  await discord.close();
});

function namesOf(commands: unknown[] | undefined): string[] {
  return (commands ?? []).map((command) => (command as { name: string }).name).sort();
}

describe('deployCommands', () => {
  it('registers every command in a guild', async () => {
    const result = await deployCommands({ token: discord.token, apiUrl: discord.apiUrl, guildId: GUILD_ID });

    expect(result.applicationId).toBe(discord.applicationId);
    expect(result.count).toBe(COMMANDS.length);
    expect(namesOf(discord.commands.guilds.get(GUILD_ID))).toEqual(COMMANDS.map((command) => command.definition.name).sort());
  });

  it('registers globally without a guild', async () => {
    await deployCommands({ token: discord.token, apiUrl: discord.apiUrl });

    expect(namesOf(discord.commands.global)).toEqual(COMMANDS.map((command) => command.definition.name).sort());
  });

  it('fails with a wrong token', async () => {
    await expect(deployCommands({ token: 'wrong-token', apiUrl: discord.apiUrl })).rejects.toThrow();
  });
});
