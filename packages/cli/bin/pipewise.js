#!/usr/bin/env node
// Pipewise is TypeScript run by Node 24's type stripping. When the machine's own
// Node is older, re-run this command with the Node 24 that the `node`
// devDependency installed, so `npx pipewise` works the same everywhere.
import { spawnSync } from 'node:child_process';
// A namespace import: a named import of enableCompileCache would fail to link on
// the older Node this file exists to rescue.
import * as nodeModule from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major >= 24) {
  // Cache the type-stripped, compiled modules between runs (in the OS temp
  // folder): start-up drops from ~170 ms to ~80 ms.
  nodeModule.enableCompileCache?.();
  await import('../src/main.ts');
} else {
  const require = nodeModule.createRequire(import.meta.url);
  const node24 = require.resolve('node/bin/node');
  const run = spawnSync(node24, [new URL(import.meta.url).pathname, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
