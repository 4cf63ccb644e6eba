import packageJson from '../package.json' with { type: 'json' };
import { ANALYZE_HELP, runAnalyze } from './analyze/analyze-command.ts';
import type { CliContext } from './cli-context.ts';

/** Pipewise's version, from the cli package. */
export const VERSION: string = packageJson.version;

export const MAIN_HELP = `Usage: pipewise <command> [options]

Commands
  analyze FILE   process map, variants, bottlenecks and pass rates of a CRM export
  diagnose FILE  where the process breaks: the problem detectors' findings, with evidence
  simulate       what-if simulation of the as-is process and a to-be model, from a log
  model …        process models: from a step table, discovered from a log, from
                 BPMN; drawn as swimlanes, exported, compared (pipewise model --help)
  rules check    replay a model's rules over a log: reminders, escalations, SLA adherence
  serve          the server: HTTP API and stored workspaces (pipewise serve --help)
  help [COMMAND] help for a command
  --version      print Pipewise's version

Run "pipewise <command> --help" for a command's options.`;

interface Command {
  run(args: string[], context: CliContext): Promise<number>;
  help(): Promise<string>;
}

// `model` is loaded when used: its schema library, diagram layout and BPMN
// code would add ~60 ms to the start-up of every `pipewise analyze`.
const loadModel = () => import('./model/model-command.ts');
const loadServe = () => import('./serve/serve-command.ts');
const loadDiagnose = () => import('./diagnose/diagnose-command.ts');
const loadSimulate = () => import('./simulate/simulate-command.ts');
const loadRules = () => import('./rules/rules-command.ts');

const COMMANDS: Record<string, Command> = {
  analyze: { run: runAnalyze, help: async () => ANALYZE_HELP },
  diagnose: {
    run: async (args, context) => (await loadDiagnose()).runDiagnose(args, context),
    help: async () => (await loadDiagnose()).DIAGNOSE_HELP,
  },
  simulate: {
    run: async (args, context) => (await loadSimulate()).runSimulate(args, context),
    help: async () => (await loadSimulate()).SIMULATE_HELP,
  },
  model: {
    run: async (args, context) => (await loadModel()).runModel(args, context),
    help: async () => (await loadModel()).MODEL_HELP,
  },
  rules: {
    run: async (args, context) => (await loadRules()).runRules(args, context),
    help: async () => (await loadRules()).RULES_HELP,
  },
  serve: {
    run: async (args, context) => (await loadServe()).runServe(args, context),
    help: async () => (await loadServe()).SERVE_HELP,
  },
};

/**
 * Runs the command line and returns its exit code: 0 success, 1 bad input,
 * 2 bad usage. Nothing here touches `process`: main.ts passes it in.
 */
export async function runCli(args: string[], context: CliContext): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h') {
    (command === undefined ? context.stderr : context.stdout).write(`${MAIN_HELP}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-V') {
    context.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === 'help') {
    if (rest[0] === undefined) {
      context.stdout.write(`${MAIN_HELP}\n`);
      return 0;
    }
    const topic = COMMANDS[rest[0]];
    if (!topic) {
      context.stderr.write(`pipewise: no help on "${rest[0]}": unknown command\n\n${MAIN_HELP}\n`);
      return 2;
    }
    context.stdout.write(`${await topic.help()}\n`);
    return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    context.stderr.write(`pipewise: unknown command "${command}"\n\n${MAIN_HELP}\n`);
    return 2;
  }
  try {
    return await entry.run(rest, context);
  } catch (error) {
    // node:util parseArgs reports unknown options and missing values this way.
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      context.stderr.write(
        `pipewise ${command}: ${(error as Error).message}\nRun "pipewise ${command} --help" for the options.\n`,
      );
      return 2;
    }
    throw error;
  }
}
