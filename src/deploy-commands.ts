import { parseArgs } from 'node:util';
import { REST, Routes, type APIApplication } from 'discord.js';
import { COMMANDS } from '../commands/index.js';
import { configSchema } from './config/config.js';
import { loadDotEnv } from './config/env-file.js';

const USAGE = `Registers the bot's slash commands with Discord.

Usage: npm run deploy-commands -- [--guild GUILD_ID]
  --guild GUILD_ID   register in one guild only (appears at once; for development)
  (no option)        register globally, for every guild the bot is in

Reads DISCORD_TOKEN and, if set, DISCORD_API_URL from the environment or from .env.`;

const deployConfigSchema = configSchema.pick({ DISCORD_TOKEN: true, DISCORD_API_URL: true });

/** Registers every command from the registry, replacing what was registered before. */
export async function deployCommands(options: { token: string; apiUrl: string; guildId?: string | undefined }): Promise<{ applicationId: string; count: number }> {
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const body = COMMANDS.map((command) => command.definition);

  const route = options.guildId
    ? Routes.applicationGuildCommands(application.id, options.guildId)
    : Routes.applicationCommands(application.id);
  const registered = (await rest.put(route, { body })) as unknown[];
  return { applicationId: application.id, count: registered.length };
}

async function main(): Promise<void> {
  let values: { guild?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ options: { guild: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.guild !== undefined && !/^[0-9]{15,21}$/.test(values.guild)) {
    console.error(`Invalid --guild value: a guild ID is a number of 15 to 21 digits.\n\n${USAGE}`);
    process.exitCode = 1;
    return;
  }

  loadDotEnv();
  const parsed = deployConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')} ${issue.message}`);
    console.error(`Invalid configuration:\n${problems.join('\n')}\nSee .env.example for every variable.`);
    process.exitCode = 1;
    return;
  }

  const result = await deployCommands({ token: parsed.data.DISCORD_TOKEN, apiUrl: parsed.data.DISCORD_API_URL, guildId: values.guild });
  const scope = values.guild ? `guild ${values.guild}` : 'all guilds (global commands can take up to an hour to appear)';
  console.log(`Registered ${result.count} commands for application ${result.applicationId} in ${scope}.`);
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntryPoint) {
  main().catch((error: unknown) => {
    console.error(`Command registration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}

