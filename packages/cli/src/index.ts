export { runCli } from './cli.ts';
export type { CliContext } from './cli-context.ts';
