/**
 * The cases' half of the report: the Markdown table (Strata vs tfjs-layers per case and
 * backend), the SVG chart (vega-lite, rendered headless by vega), and `compare` of two runs.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { formatGflops, formatMs } from './report.js';
import { CPU_TOLERANCE, type ImplResult, type TrainCaseResult } from './train-runner.js';
import type { BackendResult, BenchRun } from './types.js';

/** The row key of a case result: `<place> <backend>`. */
export function backendLabel(r: Pick<TrainCaseResult, 'place' | 'backend'>): string {
  return `${r.place ?? 'node'} ${r.backend}`;
}

/**
 * The best matMul GFLOP/s per `<place> <backend>`: the highest of the matmul cases (either
 * implementation) and the backend table's timed matMul.
 */
export function matMulGflopsByBackend(
  cases: readonly TrainCaseResult[],
  table: readonly BackendResult[] = [],
): Record<string, number> {
  const best: Record<string, number> = {};
  for (const r of cases) {
    if (r.kind !== 'op' || !r.case.startsWith('matmul')) continue;
    for (const s of r.impls) {
      if (Number.isFinite(s.gflops)) {
        const key = backendLabel(r);
        best[key] = Math.max(best[key] ?? 0, s.gflops);
      }
    }
  }
  for (const b of table) {
    const key = `${b.place} ${b.backend}`;
    if (b.timing != null && Number.isFinite(b.timing.gflops)) {
      best[key] = Math.max(best[key] ?? 0, b.timing.gflops);
    }
  }
  return best;
}

/** Fills each impl's `matMulFraction` from `matMulGflopsByBackend`. */
export function addMatMulFractions(
  cases: TrainCaseResult[],
  table: readonly BackendResult[] = [],
): Record<string, number> {
  const best = matMulGflopsByBackend(cases, table);
  for (const r of cases) {
    const ref = best[backendLabel(r)];
    for (const s of r.impls) {
      s.matMulFraction = ref != null && Number.isFinite(s.gflops) ? s.gflops / ref : null;
    }
  }
  return best;
}

const mb = (bytes: number | undefined) => (bytes == null ? '—' : (bytes / 2 ** 20).toFixed(1));

function agreementCell(r: TrainCaseResult): string {
  if (r.agreement == null) return '—';
  const text = r.agreement === 0 ? '0' : r.agreement.toExponential(1);
  return r.tolerance != null && !(r.agreement <= r.tolerance) ? `${text} ✗` : text;
}

/** The agreement cell of a non-tfjs impl (brain.js): vs Strata's comparable values, or n/a. */
function vsStrataCell(s: ImplResult, tolerance: number | undefined): string {
  if (s.vsStrata == null) return s.error == null ? 'n/a (see notes)' : '—';
  const text = s.vsStrata === 0 ? '0' : s.vsStrata.toExponential(1);
  return tolerance != null && !(s.vsStrata <= tolerance) ? `${text} ✗` : text;
}

function implRow(r: TrainCaseResult, s: ImplResult): string[] {
  const measured = s.samplesMs.length > 0;
  return [
    r.case,
    s.backendIndependent ? `${backendLabel(r)} row; own JS, no tfjs backend` : backendLabel(r),
    s.impl,
    s.error != null ? `failed: ${s.error}` : measured ? 'ok' : 'no samples',
    s.warmupMs.length > 0 ? formatMs(s.warmupMs[0]) : '—',
    measured ? formatMs(s.medianMs) : '—',
    measured ? `${formatMs(s.p10Ms)}–${formatMs(s.p90Ms)}` : '—',
    measured ? String(s.samplesMs.length) : '0',
    measured ? formatRate(s.samplesPerSec) : '—',
    s.impl === 'strata' && r.ratio != null ? `**${r.ratio.toFixed(2)}×**` : '',
    measured ? formatGflops(s.gflops) : '—',
    s.matMulFraction != null ? `${Math.round(s.matMulFraction * 100)}%` : '—',
    mb(s.peakBytes),
    mb(s.peakRssBytes),
    measured ? String(s.leakedPerStep) : '—',
    s.impl === 'strata'
      ? agreementCell(r)
      : s.impl === 'tfjs-layers'
        ? ''
        : vsStrataCell(s, r.tolerance),
    s.vsCpu == null
      ? '—'
      : `${s.vsCpu === 0 ? '0' : s.vsCpu.toExponential(1)}${s.vsCpu <= CPU_TOLERANCE ? '' : ' ✗'}`,
  ];
}

/** One row per case × backend × implementation; a failed case is one row with its error. */
export function casesTable(results: readonly TrainCaseResult[]): string {
  const header = [
    'case',
    'backend',
    'impl',
    'status',
    'first warm-up ms',
    'median ms/step',
    'p10–p90 ms',
    'steps',
    'samples/s',
    'Strata ÷ tfjs-layers',
    'GFLOP/s',
    '% of matMul',
    'peak tensor MB',
    'peak RSS MB',
    'leaked/step',
    'max |Strata − tfjs|',
    'max |x − cpu|',
  ];
  const rows: string[][] = [];
  for (const r of results) {
    if (r.error != null || r.impls.length === 0) {
      rows.push([
        r.case,
        backendLabel(r),
        '—',
        `failed: ${r.error ?? 'no result'}`,
        ...header.slice(4).map(() => '—'),
      ]);
      continue;
    }
    for (const s of r.impls) rows.push(implRow(r, s));
  }
  const line = (cells: string[]) =>
    `| ${cells.map((c) => c.replace(/\r?\n/g, ' ').replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One line per case × impl note (brain.js: how its model differs), first occurrence only. */
export function implNotes(results: readonly TrainCaseResult[]): string[] {
  const seen = new Set<string>();
  const notes: string[] = [];
  for (const r of results) {
    for (const s of r.impls) {
      const key = `${r.case}\t${s.impl}`;
      if (s.note == null || seen.has(key)) continue;
      seen.add(key);
      notes.push(`- ${r.case} × ${s.impl}: ${s.note}`);
    }
  }
  return notes;
}

/** The cases section of the Markdown report. */
export function casesSection(results: readonly TrainCaseResult[]): string {
  return [
    '## Cases: Strata vs tfjs-layers (alternating A B A B, same initial weights)',
    '',
    casesTable(results),
    '',
    'Per-step times include reading the result back (`await data()`); warm-up steps are not ' +
      'in the samples. Samples/s = batch ÷ median step time (a matMul "sample" is one row). ' +
      '% of matMul: GFLOP/s over the best matMul GFLOP/s of the same backend. Peak tensor MB: ' +
      '`memory().numBytes` peak during one profiled step; peak RSS: process resident set ' +
      '(Node, whole process). Last column: max |Strata − tfjs-layers| of the initial loss ' +
      '(train) or the outputs (infer, matMul) on the same weights and inputs; max |x − cpu|: ' +
      `the same values (first 256) against the same implementation on Node cpu, tolerance ${CPU_TOLERANCE}. ` +
      'brain.js rows (`--impl brainjs`, MLP cases only) do their own JS math whatever the tfjs ' +
      'backend, so they run once, next to the Node cpu rows; their agreement cell compares ' +
      "with Strata's values where the models are comparable (n/a otherwise, see notes).",
    '',
    results.some((r) => r.peerKernels === 'shared')
      ? "tfjs-layers ran with Strata's kernel gaps registered (`--shared-kernels`): its rows " +
        "include Strata's wasm conv gradients and cpu kernels, not what a tfjs-layers user has."
      : "tfjs-layers ran on tfjs's stock kernels: Strata's kernel gaps are suspended during its " +
        'steps, so a kernel tfjs lacks (e.g. conv gradients on wasm) fails there, as it would for ' +
        'a tfjs-layers user — that error is its result.',
    '',
    ...(() => {
      const notes = implNotes(results);
      return notes.length > 0 ? ['Implementation notes:', '', ...notes, ''] : [];
    })(),
  ].join('\n');
}

/** The vega-lite spec of the chart: samples/s per case and backend, one bar per impl. */
export function chartSpec(results: readonly TrainCaseResult[]): TopLevelSpec {
  const values = results.flatMap((r) =>
    r.impls
      .filter((s) => Number.isFinite(s.samplesPerSec) && s.samplesPerSec > 0)
      .map((s) => ({
        case: r.case,
        backend: backendLabel(r),
        impl: s.impl,
        samplesPerSec: Math.round(s.samplesPerSec * 10) / 10,
      })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'samples/s per case and backend: Strata vs tfjs-layers (higher is better)',
    data: { values },
    facet: { column: { field: 'case', type: 'nominal', title: null } },
    spec: {
      width: { step: 18 },
      height: 220,
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'backend', type: 'nominal', title: null, axis: { labelAngle: -40 } },
        xOffset: { field: 'impl', type: 'nominal' },
        y: {
          field: 'samplesPerSec',
          type: 'quantitative',
          title: 'samples/s',
          scale: { type: 'log' },
        },
        color: {
          field: 'impl',
          type: 'nominal',
          title: 'implementation',
          scale: { domain: ['strata', 'tfjs-layers'] },
        },
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** The chart as an SVG document (vega's headless SVG renderer; no canvas needed). */
export async function chartSvg(results: readonly TrainCaseResult[]): Promise<string> {
  const view = new vega.View(vega.parse(compile(chartSpec(results)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The case results of a run (`cases`, or `training` in runs made before the registry). */
export function runCases(run: Partial<BenchRun>): TrainCaseResult[] {
  return run.cases ?? run.training ?? [];
}

export interface CompareRow {
  case: string;
  backend: string;
  impl: string;
  before: { samplesPerSec: number; medianMs: number } | null;
  after: { samplesPerSec: number; medianMs: number } | null;
  /** after ÷ before samples/s − 1. */
  change: number | null;
}

/** Pairs every case × backend × impl of two runs. */
export function compareRuns(a: Partial<BenchRun>, b: Partial<BenchRun>): CompareRow[] {
  const index = (run: Partial<BenchRun>) => {
    const map = new Map<string, { samplesPerSec: number; medianMs: number }>();
    for (const r of runCases(run)) {
      for (const s of r.impls) {
        const sps = Number(s.samplesPerSec);
        if (s.samplesMs.length > 0 && Number.isFinite(sps)) {
          map.set(`${r.case}\t${backendLabel(r)}\t${s.impl}`, {
            samplesPerSec: sps,
            medianMs: Number(s.medianMs),
          });
        }
      }
    }
    return map;
  };
  const ia = index(a);
  const ib = index(b);
  const keys = [...ia.keys(), ...[...ib.keys()].filter((k) => !ia.has(k))];
  return keys.map((key) => {
    const [c, backend, impl] = key.split('\t');
    const before = ia.get(key) ?? null;
    const after = ib.get(key) ?? null;
    return {
      case: c,
      backend,
      impl,
      before,
      after,
      change: before && after ? after.samplesPerSec / before.samplesPerSec - 1 : null,
    };
  });
}

/** `compare`'s Markdown table. */
export function compareTable(rows: readonly CompareRow[], names: [string, string]): string {
  const out = [
    `| case | backend | impl | samples/s ${names[0]} | samples/s ${names[1]} | change | median ms ${names[0]} | median ms ${names[1]} |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const change =
      r.change == null ? '—' : `${r.change >= 0 ? '+' : ''}${(r.change * 100).toFixed(1)}%`;
    out.push(
      `| ${r.case} | ${r.backend} | ${r.impl} | ${r.before ? formatRate(r.before.samplesPerSec) : '—'} | ${r.after ? formatRate(r.after.samplesPerSec) : '—'} | ${change} | ${r.before ? formatMs(r.before.medianMs) : '—'} | ${r.after ? formatMs(r.after.medianMs) : '—'} |`,
    );
  }
  return out.join('\n');
}

export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 100 ? String(Math.round(value)) : value.toPrecision(3);
}
