import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const launcher = fileURLToPath(new URL('../bin/pipewise.js', import.meta.url));

/** The machine's own Node (not the Node 24 devDependency that npm puts first on PATH). */
function systemNode(): { path: string; major: number } | undefined {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(path)) continue;
    const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
    return { path, major: Number(version.slice(1).split('.')[0]) };
  }
  return undefined;
}

const older = systemNode();

describe('the pipewise launcher', () => {
  it('runs a command on Node 24 itself', () => {
    const run = spawnSync(process.execPath, [launcher, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: pipewise <command> [options]');
  });

  // The launcher exists for this case: `pipewise` typed on a machine whose Node is
  // older than 24 re-runs itself on the devDependency's Node 24.
  it.skipIf(older === undefined || older.major >= 24)(
    `re-runs itself on Node 24 when started by an older Node (${older?.path} v${older?.major})`,
    () => {
      const run = spawnSync(older?.path ?? '', [launcher, '--version'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
    },
  );
});
