import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { layoutSwimlanes, renderSwimlaneSvg } from '@pipewise/diagrams';
import { parseProcessModel } from '@pipewise/engine/process-model';
import { generateProcessModel } from './generate-process-model.ts';

/**
 * `npm run bench:draw [-- --steps 200,500,1000] [--runs 5]`: times drawing a
 * process model as a swimlane chart end to end, as `pipewise model draw`
 * does it: a child process reads the model's JSON, validates it, lays it out
 * (`layoutSwimlanes`), renders the SVG (`renderSwimlaneSvg`) and writes it.
 * Wall time from spawn to exit, Node start-up included; the child also
 * reports its own split. Models are generated (`generate-process-model.ts`,
 * seed 1) into bench/data/. Target: 200 steps under 2 s.
 */

const dataDirectory = join(import.meta.dirname, 'data');
const compileCacheDirectory = join(dataDirectory, 'compile-cache');
const TARGET_STEPS = 200;
const TARGET_SECONDS = 2;

interface ChildFigures {
  readMs: number;
  layoutMs: number;
  renderMs: number;
  svgBytes: number;
  columns: number;
}

/** The timed child: read, validate, lay out, render, write; prints its split as JSON. */
function drawFile(modelPath: string, svgPath: string, language: 'zh' | 'en'): ChildFigures {
  const started = performance.now();
  const parsed = parseProcessModel(JSON.parse(readFileSync(modelPath, 'utf8')));
  if (!parsed.ok) throw new Error(`invalid model: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  const read = performance.now();
  const layout = layoutSwimlanes(parsed.model, { language });
  const laidOut = performance.now();
  const svg = renderSwimlaneSvg(parsed.model, layout, { language });
  const rendered = performance.now();
  writeFileSync(svgPath, svg);
  return {
    readMs: read - started,
    layoutMs: laidOut - read,
    renderMs: rendered - laidOut,
    svgBytes: Buffer.byteLength(svg),
    columns: layout.columnCount,
  };
}

interface SizeResult {
  steps: number;
  flows: number;
  lanes: number;
  columns: number;
  wallSeconds: number;
  layoutMs: number;
  renderMs: number;
  svgKiB: number;
}

function runChild(
  modelPath: string,
  svgPath: string,
): { wallSeconds: number; figures: ChildFigures } {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [import.meta.filename, '--draw', modelPath, '--out', svgPath, '--lang', 'zh'],
    {
      env: { ...process.env, NODE_COMPILE_CACHE: compileCacheDirectory },
      encoding: 'utf8',
    },
  );
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`drawing ${modelPath} failed:\n${child.stderr}`);
  return { wallSeconds, figures: JSON.parse(child.stdout) as ChildFigures };
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function benchmarkSize(stepCount: number, runs: number): SizeResult {
  const model = generateProcessModel({ stepCount, laneCount: 6, seed: 1 });
  const modelPath = join(dataDirectory, `model-${stepCount}-steps.json`);
  const svgPath = join(dataDirectory, `model-${stepCount}-steps.svg`);
  writeFileSync(modelPath, JSON.stringify(model));
  const measured = Array.from({ length: runs }, () => runChild(modelPath, svgPath));
  return {
    steps: model.steps.length,
    flows: model.flows.length,
    lanes: model.lanes.length,
    columns: measured[0]!.figures.columns,
    wallSeconds: median(measured.map((run) => run.wallSeconds)),
    layoutMs: median(measured.map((run) => run.figures.layoutMs)),
    renderMs: median(measured.map((run) => run.figures.renderMs)),
    svgKiB: measured[0]!.figures.svgBytes / 1024,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: '200,500,1000' },
      runs: { type: 'string', default: '5' },
      draw: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string', default: 'zh' },
    },
  });
  if (values.draw !== undefined) {
    const figures = drawFile(
      values.draw,
      values.out ?? `${values.draw}.svg`,
      values.lang === 'en' ? 'en' : 'zh',
    );
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return 0;
  }
  // Loaded here, not at the top: the timed child should load only what drawing needs.
  const { formatTable } = await import('./run.ts');
  mkdirSync(dataDirectory, { recursive: true });
  const runs = Number(values.runs);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`--runs: ${values.runs}`);
  const sizes = values.steps.split(',').map((part) => Number(part.trim()));
  if (sizes.some((size) => !Number.isSafeInteger(size) || size < 2))
    throw new Error(`--steps: ${values.steps} (step counts of at least 2, comma-separated)`);
  // One untimed run fills the compile cache, so that every timed run starts alike.
  runChild(
    (() => {
      const path = join(dataDirectory, 'model-warm-up.json');
      writeFileSync(path, JSON.stringify(generateProcessModel({ stepCount: 10 })));
      return path;
    })(),
    join(dataDirectory, 'model-warm-up.svg'),
  );
  const results = sizes.map((size) => {
    console.log(`drawing ${size} steps, ${runs} run(s) …`);
    return benchmarkSize(size, runs);
  });
  console.log('');
  console.log(
    formatTable(
      ['steps', 'flows', 'lanes', 'columns', 'wall s', 'layout ms', 'render ms', 'SVG KiB'],
      results.map((result) => [
        String(result.steps),
        String(result.flows),
        String(result.lanes),
        String(result.columns),
        result.wallSeconds.toFixed(2),
        result.layoutMs.toFixed(1),
        result.renderMs.toFixed(1),
        result.svgKiB.toFixed(0),
      ]),
    ),
  );
  console.log('');
  for (const result of results.filter((candidate) => candidate.steps === TARGET_STEPS)) {
    const verdict = result.wallSeconds < TARGET_SECONDS ? 'met' : 'MISSED';
    console.log(
      `${TARGET_STEPS} steps drawn end to end under ${TARGET_SECONDS} s: ${result.wallSeconds.toFixed(2)} s — ${verdict}`,
    );
  }
  return 0;
}

if (import.meta.main) process.exitCode = await main();
