/**
 * `pnpm bench`: measures cpu and wasm in Node and WebGL, WebGPU and wasm in headless
 * Chromium, prints a Markdown table, writes bench-results/<time>.{json,md} at the repo root,
 * and exits non-zero when a started backend disagrees with cpu.
 *
 * Options: --quick (512³, 5 s budget; or BENCH_QUICK=1), --size N, --budget SECONDS,
 * --min-runs N, --max-runs N, --only node|chromium.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { BROWSER_BACKENDS, runBrowser } from './browser-runner.js';
import { mlpTrain } from './cases/mlp-train.js';
import { NODE_BACKENDS, nodeEnvironment, runNode } from './node-runner.js';
import { markdownReport, verdict, writeResults } from './report.js';
import { runTrainingCases, type TrainCaseResult, trainingTable } from './train-runner.js';
import {
  type BackendResult,
  type BenchConfig,
  type BenchRun,
  type Place,
  type ProgressEvent,
  STEPS,
  TOLERANCE,
} from './types.js';

interface CliOptions {
  config: BenchConfig;
  places: Place[];
  noTraining: boolean;
}

function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true' },
      size: { type: 'string' },
      budget: { type: 'string' },
      'min-runs': { type: 'string' },
      'max-runs': { type: 'string' },
      only: { type: 'string' },
      'no-training': { type: 'boolean', default: false },
    },
  });
  const int = (text: string | undefined, fallback: number, name: string): number => {
    if (text == null) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number`);
    return n;
  };
  const config: BenchConfig = {
    size: int(values.size ?? env.BENCH_SIZE, values.quick ? 512 : 1024, 'size'),
    budgetMs: int(values.budget ?? env.BENCH_BUDGET_S, values.quick ? 5 : 10, 'budget') * 1000,
    minRuns: int(values['min-runs'], 3, 'min-runs'),
    maxRuns: int(values['max-runs'], 200, 'max-runs'),
    seed: 42,
  };
  const only = values.only;
  if (only != null && only !== 'node' && only !== 'chromium') {
    throw new Error('--only: expected node or chromium');
  }
  return {
    config,
    places: only ? [only] : ['node', 'chromium'],
    noTraining: values['no-training'] === true,
  };
}

/** The repo root: the nearest folder above this script with pnpm-workspace.yaml. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no pnpm-workspace.yaml above the bench script');
    dir = parent;
  }
  return dir;
}

const STEP_LABEL: Record<ProgressEvent['step'], string> = {
  start: 'start',
  check: 'check vs cpu',
  warmup: 'warm-up',
  timed: 'timed runs',
};

/** A progress bar over backend × step on stderr (plain lines when stderr is no terminal). */
function progress(keys: string[]) {
  const total = keys.length * STEPS.length;
  const done = new Map<string, number>(keys.map((k) => [k, 0]));
  const tty = process.stderr.isTTY === true;
  const bar = new SingleBar(
    {
      format: ' {bar} {value}/{total} steps | {task}',
      stream: process.stderr,
      hideCursor: true,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  let value = 0;
  if (tty) bar.start(total, 0, { task: 'starting' });
  const show = (task: string, line: boolean) => {
    if (tty) bar.update(value, { task });
    else if (line) process.stderr.write(`[${value}/${total}] ${task}\n`);
  };
  return {
    event(e: ProgressEvent) {
      const key = `${e.place} ${e.backend}`;
      if (e.phase === 'end') {
        done.set(key, (done.get(key) ?? 0) + 1);
        value++;
      }
      const detail =
        e.phase === 'run'
          ? `: run ${e.run} took ${Math.round(e.ms ?? 0)} ms`
          : e.phase === 'end'
            ? ' done'
            : '…';
      show(`${key}: ${STEP_LABEL[e.step]}${detail}`, e.phase === 'begin');
    },
    /** A backend finished (or gave up): count its remaining steps as done. */
    result(r: BackendResult) {
      const key = `${r.place} ${r.backend}`;
      value += STEPS.length - (done.get(key) ?? 0);
      done.set(key, STEPS.length);
      show(`${key}: ${r.started ? (r.error ? 'failed' : 'finished') : 'did not start'}`, true);
    },
    stop() {
      if (tty) bar.stop();
    },
  };
}

async function main(): Promise<number> {
  const { config, places, noTraining } = parseCli(process.argv.slice(2), process.env);
  const startedAt = new Date().toISOString();
  const keys = [
    ...(places.includes('node') ? NODE_BACKENDS.map((b) => `node ${b}`) : []),
    ...(places.includes('chromium') ? BROWSER_BACKENDS.map((b) => `chromium ${b}`) : []),
  ];
  const bar = progress(keys);
  const hooks = { config, onProgress: bar.event, onResult: bar.result };

  const environment = nodeEnvironment();
  const results: BackendResult[] = [];
  let browserLog: string[] = [];
  try {
    if (places.includes('node')) results.push(...(await runNode(hooks)));
    if (places.includes('chromium')) {
      const browser = await runBrowser(hooks);
      results.push(...browser.results);
      Object.assign(environment, browser.environment);
      browserLog = browser.log;
    }
  } finally {
    bar.stop();
  }
  let training: TrainCaseResult[] = [];
  if (places.includes('node') && !noTraining) {
    const tty = process.stderr.isTTY === true;
    training = await runTrainingCases({
      cases: [mlpTrain],
      backends: ['wasm', 'cpu'],
      budgetMs: config.budgetMs * 2,
      onProgress: (label) => process.stderr.write(tty ? `\r\x1b[2K${label}` : `${label}\n`),
    });
    if (tty) process.stderr.write('\n');
  }

  const run: BenchRun = {
    startedAt,
    finishedAt: new Date().toISOString(),
    config,
    tolerance: TOLERANCE,
    environment,
    results,
    browserLog,
  };
  const markdown = `${markdownReport(run)}${training.length > 0 ? `\n## Training (Node, Strata vs tfjs-layers alternating)\n\n${trainingTable(training)}\n` : ''}`;
  process.stdout.write(`\n${markdown}`);
  const root = repoRoot();
  const files = await writeResults(root, { ...run, training } as BenchRun, markdown);
  process.stderr.write(`\nWrote ${files.json} and ${files.md}\n`);
  const v = verdict(results);
  if (!v.ok) process.stderr.write(`Correctness mismatch:\n${v.failures.join('\n')}\n`);
  return v.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = 2;
  },
);
