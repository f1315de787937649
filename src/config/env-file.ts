import { existsSync } from 'node:fs';

/** Reads `.env` from the working directory if it exists; variables already in the environment win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
