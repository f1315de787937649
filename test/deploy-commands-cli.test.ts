import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runCli(args: string[]) {
  // Option parsing fails before the script reads any configuration, so it never contacts Discord.
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/deploy-commands.ts', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
    timeout: 20_000,
  });
}

describe('deploy-commands script', () => {
  it('rejects an unknown option with usage', () => {
    const result = runCli(['--foo']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Unknown option '--foo'");
    expect(result.stderr).toContain('Usage: npm run deploy-commands');
    expect(result.stderr).not.toContain('Command registration failed');
  });
});
