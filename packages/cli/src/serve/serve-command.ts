import { parseArgs } from 'node:util';
import { loadConfig, startServer } from '@pipewise/server';
import type { CliContext } from '../cli-context.ts';

export const SERVE_HELP = `Usage: pipewise serve [options]

Starts the Pipewise server: the HTTP API (documented at /api/docs) on the
embedded database (PGlite, in --data), or on the PostgreSQL server named by
DATABASE_URL. On an empty embedded database it seeds a demo organization
whose logins (admin@, owner@, manager@, rep@, legal@, viewer@demo.pipewise)
share the password pipewise-demo. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM:
running requests and jobs finish first.

Options
  --port N        port to listen on (default 3000, or PORT)
  --host ADDRESS  address to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --data DIR      the embedded database's folder (default .pipewise)
  --no-demo       do not seed the demo; an empty database gets a first admin
                  whose password is printed once
  -h, --help      this help

Every setting, also as environment variables: docs/operations.md.`;

/**
 * Runs the server until the process is asked to stop. Reads the environment
 * and listens for signals: this command is an edge of the program.
 */
export async function runServe(args: string[], context: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'no-demo': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    context.stdout.write(`${SERVE_HELP}\n`);
    return 0;
  }
  const loaded = loadConfig(process.env, {
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.data !== undefined ? { dataDir: values.data } : {}),
    ...(values['no-demo'] ? { demo: false } : {}),
  });
  if (!loaded.ok) {
    context.stderr.write(`pipewise serve: ${loaded.message}\n`);
    return 2;
  }
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(loaded.config, {
      onNotes: (notes) => {
        if (notes.demo) {
          context.stdout.write(
            `\nDemo organization ${notes.demo.organization}: sign in as any of\n${notes.demo.users
              .map((user) => `  ${user.email.padEnd(24)} ${user.role}`)
              .join('\n')}\nwith the password ${notes.demo.password}\n`,
          );
        }
        if (notes.firstAdmin) {
          context.stdout.write(
            `\nFirst admin: ${notes.firstAdmin.email}\nPassword (shown this once): ${notes.firstAdmin.password}\n`,
          );
        }
      },
    });
  } catch (error) {
    const message = (error as Error).message;
    context.stderr.write(`pipewise serve: ${message}\n`);
    return 1;
  }
  context.stdout.write(`\nPipewise is running at ${server.url}  (API: ${server.url}/api/docs)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      context.stdout.write('\nStopping: finishing running requests and jobs…\n');
      server.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
