/**
 * `pnpm bench`: the backend table (cpu and wasm in Node; WebGL, WebGPU and wasm in headless
 * Chromium; correctness vs cpu), then the cases (matMul, MLP train/infer, …) with Strata and
 * tfjs-layers alternating on each backend. Prints a Markdown report and writes
 * `<out>/<time>.{json,md,svg}`; exits non-zero when a started backend disagrees with cpu or
 * the implementations of a case disagree beyond its tolerance.
 *
 *   pnpm bench [--suite quick|full] [--backends cpu,wasm,webgl,webgpu,browser-wasm]
 *              [--cases matmul,mlp-train,mlp-infer,…] [--impl strata,tfjs-layers,brainjs] [--out dir]
 *   pnpm bench compare a.json b.json
 *
 * Backend-table knobs: --size N, --budget SECONDS, --min-runs N, --max-runs N,
 * --only node|chromium, --no-cases (alias --no-training); --quick = --suite quick.
 * --shared-kernels: let tfjs-layers run on Strata's kernel gaps too (by default its steps run
 * on tfjs's stock kernels, as a tfjs-layers user has them).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { BROWSER_BACKENDS, runBrowser } from './browser-runner.js';
import {
  addMatMulFractions,
  casesSection,
  chartSvg,
  compareRuns,
  compareTable,
} from './case-report.js';
import { selectCases } from './cases/index.js';
import { DEFAULT_IMPLS, IMPLS, type Impl, type Suite } from './cases/train-case.js';
import { NODE_BACKENDS, nodeEnvironment, runNode } from './node-runner.js';
import { markdownReport, verdict, writeResults } from './report.js';
import {
  addCpuAgreement,
  agreementFailures,
  type CaseProgress,
  type PeerKernels,
  runTrainingCases,
  type TrainCaseResult,
} from './train-runner.js';
import {
  type BackendName,
  type BackendResult,
  type BenchConfig,
  type BenchRun,
  type Place,
  type ProgressEvent,
  STEPS,
  TOLERANCE,
} from './types.js';

/** How the cases are timed in each suite. */
export const SUITES: Record<
  Suite,
  {
    size: number;
    budgetS: number;
    caseBudgetMs: number;
    stepsPerRound: number;
    minRounds: number;
    maxRounds: number;
    warmupSteps: number;
  }
> = {
  quick: {
    size: 512,
    budgetS: 3,
    caseBudgetMs: 2_500,
    stepsPerRound: 3,
    minRounds: 2,
    maxRounds: 8,
    warmupSteps: 2,
  },
  full: {
    size: 1024,
    budgetS: 10,
    caseBudgetMs: 15_000,
    stepsPerRound: 5,
    minRounds: 3,
    maxRounds: 40,
    warmupSteps: 3,
  },
};

/** `--backends` names: Node's cpu/wasm, and Chromium's webgl/webgpu/browser-wasm. */
const BACKEND_NAMES: Record<string, { place: Place; backend: BackendName }> = {
  cpu: { place: 'node', backend: 'cpu' },
  wasm: { place: 'node', backend: 'wasm' },
  webgl: { place: 'chromium', backend: 'webgl' },
  webgpu: { place: 'chromium', backend: 'webgpu' },
  'browser-wasm': { place: 'chromium', backend: 'wasm' },
};

export interface CliOptions {
  command: 'run' | 'compare';
  files: string[];
  suite: Suite;
  config: BenchConfig;
  places: Place[];
  nodeBackends: BackendName[];
  browserBackends: BackendName[];
  cases: string[] | undefined;
  impls: Impl[];
  out: string | undefined;
  noCases: boolean;
  /** `--shared-kernels`: tfjs-layers also runs on Strata's registered kernels. */
  peerKernels: PeerKernels;
}

const list = (text: string | undefined): string[] | undefined =>
  text
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    allowPositionals: true,
    options: {
      suite: { type: 'string' },
      quick: { type: 'boolean', default: env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true' },
      backends: { type: 'string' },
      cases: { type: 'string' },
      impl: { type: 'string' },
      out: { type: 'string' },
      size: { type: 'string' },
      budget: { type: 'string' },
      'min-runs': { type: 'string' },
      'max-runs': { type: 'string' },
      only: { type: 'string' },
      'no-training': { type: 'boolean', default: false },
      'no-cases': { type: 'boolean', default: false },
      'shared-kernels': { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'compare') {
    if (positionals.length !== 3) throw new Error('usage: pnpm bench compare a.json b.json');
    return {
      ...parseCli([], env),
      command: 'compare',
      files: positionals.slice(1),
    };
  }
  if (positionals.length > 0) throw new Error(`unknown command ${positionals[0]}`);
  const suiteName = values.suite ?? (values.quick ? 'quick' : 'quick'); // quick is the default
  if (suiteName !== 'quick' && suiteName !== 'full') {
    throw new Error('--suite: expected quick or full');
  }
  const suite = SUITES[suiteName];
  const int = (text: string | undefined, fallback: number, name: string): number => {
    if (text == null) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number`);
    return n;
  };
  const config: BenchConfig = {
    size: int(values.size ?? env.BENCH_SIZE, suite.size, 'size'),
    budgetMs: int(values.budget ?? env.BENCH_BUDGET_S, suite.budgetS, 'budget') * 1000,
    minRuns: int(values['min-runs'], 3, 'min-runs'),
    maxRuns: int(values['max-runs'], 200, 'max-runs'),
    seed: 42,
  };
  const only = values.only;
  if (only != null && only !== 'node' && only !== 'chromium') {
    throw new Error('--only: expected node or chromium');
  }
  const backendNames = list(values.backends) ?? Object.keys(BACKEND_NAMES);
  const unknown = backendNames.filter((b) => BACKEND_NAMES[b] == null);
  if (unknown.length > 0) {
    throw new Error(
      `--backends: unknown ${unknown.join(', ')} (known: ${Object.keys(BACKEND_NAMES).join(', ')})`,
    );
  }
  const chosen = backendNames
    .map((b) => BACKEND_NAMES[b])
    .filter((b) => only == null || b.place === only);
  const nodeBackends = NODE_BACKENDS.filter((b) =>
    chosen.some((c) => c.place === 'node' && c.backend === b),
  );
  const browserBackends = BROWSER_BACKENDS.filter((b) =>
    chosen.some((c) => c.place === 'chromium' && c.backend === b),
  );
  const impls = (list(values.impl) ?? [...DEFAULT_IMPLS]) as Impl[];
  const badImpl = impls.filter((i) => !IMPLS.includes(i));
  if (badImpl.length > 0) {
    throw new Error(`--impl: unknown ${badImpl.join(', ')} (known: ${IMPLS.join(', ')})`);
  }
  const cases = list(values.cases);
  selectCases(suiteName, cases); // validates the names early
  return {
    command: 'run',
    files: [],
    suite: suiteName,
    config,
    places: [
      ...(nodeBackends.length > 0 ? (['node'] as const) : []),
      ...(browserBackends.length > 0 ? (['chromium'] as const) : []),
    ],
    nodeBackends,
    browserBackends,
    cases,
    impls,
    out: values.out,
    peerKernels: values['shared-kernels'] ? 'shared' : 'stock',
    noCases: values['no-training'] === true || values['no-cases'] === true,
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

/**
 * A progress bar over case × backend × implementation on stderr, started at its first event
 * (after `before()`, which stops the backend table's bar).
 */
function caseProgress(total: number, before: () => void) {
  const tty = process.stderr.isTTY === true;
  const bar = new SingleBar(
    {
      format: ' {bar} {value}/{total} case × backend × impl | {task}',
      stream: process.stderr,
      hideCursor: true,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  let started = false;
  let last = '';
  const event = (p: CaseProgress | string, base = 0) => {
    if (!started) {
      before();
      if (tty) bar.start(total, 0, { task: 'starting' });
      started = true;
    }
    const label = typeof p === 'string' ? p : p.label;
    const value = typeof p === 'string' ? undefined : Math.floor(p.completed + base + 1e-9);
    if (tty) {
      if (value != null) bar.update(value, { task: label });
      else bar.update({ task: label });
    } else {
      const head = label.split(':')[0];
      if (head !== last) process.stderr.write(`[${value ?? '?'}/${total}] ${label}\n`);
      last = head;
    }
  };
  return {
    event,
    /** A listener whose `completed` counts start at `base` units. */
    from(base: number) {
      return (p: CaseProgress | string) => event(p, base);
    },
    stop() {
      if (tty && started) bar.stop();
    },
  };
}

/** A path given on the command line, relative to where `pnpm bench` was started. */
function fromInvocation(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

async function compareMain(files: string[]): Promise<number> {
  const [a, b] = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(fromInvocation(f), 'utf8')) as BenchRun),
  );
  const names: [string, string] = ['A', 'B'];
  process.stdout.write(
    `A: ${files[0]} (${a.startedAt})\nB: ${files[1]} (${b.startedAt})\n\n${compareTable(compareRuns(a, b), names)}\n`,
  );
  return 0;
}

async function main(): Promise<number> {
  const options = parseCli(process.argv.slice(2), process.env);
  if (options.command === 'compare') return compareMain(options.files);
  const { config, places, nodeBackends, browserBackends, impls, suite } = options;
  const suiteConfig = SUITES[suite];
  const startedAt = new Date().toISOString();
  const keys = [
    ...nodeBackends.map((b) => `node ${b}`),
    ...browserBackends.map((b) => `chromium ${b}`),
  ];
  const bar = progress(keys);
  const hooks = { config, onProgress: bar.event, onResult: bar.result };

  const runCases = !options.noCases;
  const selected = runCases ? selectCases(suite, options.cases) : [];
  const perBackend = selected.length * impls.length;
  const caseBar = caseProgress(perBackend * (browserBackends.length + nodeBackends.length), () =>
    bar.stop(),
  );
  const caseTiming = {
    budgetMs: suiteConfig.caseBudgetMs,
    stepsPerRound: suiteConfig.stepsPerRound,
    minRounds: suiteConfig.minRounds,
    maxRounds: suiteConfig.maxRounds,
    warmupSteps: suiteConfig.warmupSteps,
    peerKernels: options.peerKernels,
  };

  // 1. The backend table (environment, correctness vs cpu, matMul GFLOP/s); in Chromium the
  //    cases follow the table in the same page.
  const environment = nodeEnvironment();
  const results: BackendResult[] = [];
  let browserLog: string[] = [];
  let cases: TrainCaseResult[] = [];
  try {
    if (places.includes('node')) {
      results.push(...(await runNode({ ...hooks, backends: nodeBackends })));
    }
    if (places.includes('chromium')) {
      const browser = await runBrowser({
        ...hooks,
        backends: browserBackends,
        cases:
          selected.length > 0 ? { suite, cases: options.cases, impls, ...caseTiming } : undefined,
        onCaseProgress: (p) =>
          caseBar.event(
            p,
            typeof p === 'string' ? 0 : browserBackends.indexOf(p.backend) * perBackend,
          ),
      });
      results.push(...browser.results);
      cases.push(...browser.cases);
      Object.assign(environment, browser.environment);
      browserLog = browser.log;
    }
    bar.stop();

    // 2. The cases in Node, Strata and tfjs-layers alternating, one backend after another.
    if (selected.length > 0 && nodeBackends.length > 0) {
      const nodeCases = await runTrainingCases({
        cases: selected,
        backends: nodeBackends,
        impls,
        place: 'node',
        suite,
        ...caseTiming,
        onProgress: caseBar.from(browserBackends.length * perBackend),
      });
      cases = [...nodeCases, ...cases];
    }
  } finally {
    bar.stop();
    caseBar.stop();
  }
  const matMulGflops = addMatMulFractions(cases, results);
  const cpuFailures = addCpuAgreement(cases);

  const run: BenchRun = {
    startedAt,
    finishedAt: new Date().toISOString(),
    config,
    tolerance: TOLERANCE,
    environment,
    results,
    browserLog,
    suite,
    cases,
  };
  const markdown = `${markdownReport(run)}${cases.length > 0 ? `\n${casesSection(cases)}` : ''}`;
  process.stdout.write(`\n${markdown}`);
  const root = repoRoot();
  const outDir = options.out != null ? fromInvocation(options.out) : join(root, 'bench-results');
  const files = await writeResults(root, { ...run, matMulGflops } as BenchRun, markdown, outDir);
  let svgPath = '';
  if (cases.length > 0) {
    try {
      svgPath = files.json.replace(/\.json$/, '.svg');
      await writeFile(svgPath, await chartSvg(cases));
    } catch (error) {
      process.stderr.write(`the chart could not be drawn: ${error}\n`);
      svgPath = '';
    }
  }
  process.stderr.write(`\nWrote ${files.json}, ${files.md}${svgPath ? ` and ${svgPath}` : ''}\n`);
  const v = verdict(results);
  const disagreements = [...agreementFailures(cases), ...cpuFailures];
  if (!v.ok) process.stderr.write(`Correctness mismatch:\n${v.failures.join('\n')}\n`);
  if (disagreements.length > 0) {
    process.stderr.write(`Case results disagree:\n${disagreements.join('\n')}\n`);
  }
  return v.ok && disagreements.length === 0 ? 0 : 1;
}

// Run only as the entry point (tests import parseCli).
if (process.argv[1] != null && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
      process.exitCode = 2;
    },
  );
}
