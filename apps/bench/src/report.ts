/** The report: Markdown table, environment block, verdict, and the files in bench-results/. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendResult, type BenchRun, type Environment, TOLERANCE } from './types.js';

export interface Verdict {
  ok: boolean;
  /** One line per started backend that disagrees with cpu or failed after starting. */
  failures: string[];
}

/** Every started backend must agree with cpu within `TOLERANCE`; unstarted ones don't count. */
export function verdict(results: readonly BackendResult[]): Verdict {
  const failures: string[] = [];
  for (const r of results) {
    if (!r.started) continue;
    const name = `${r.place} ${r.backend}`;
    if (r.check == null) {
      failures.push(`${name}: no correctness check (${r.error ?? 'not run'})`);
      continue;
    }
    if (!(r.check.matMulMaxErr <= TOLERANCE.matMul)) {
      failures.push(`${name}: matMul max err ${r.check.matMulMaxErr} > ${TOLERANCE.matMul}`);
    }
    if (!(r.check.conv2dMaxErr <= TOLERANCE.conv2d)) {
      failures.push(`${name}: conv2d max err ${r.check.conv2dMaxErr} > ${TOLERANCE.conv2d}`);
    }
    if (r.error != null) failures.push(`${name}: ${r.error}`);
  }
  return { ok: failures.length === 0, failures };
}

/** The results table (GitHub Markdown); `size` names the timed matMul column. */
export function markdownTable(results: readonly BackendResult[], size: number): string {
  const header = [
    'place',
    'backend',
    'started / reason',
    'SIMD',
    'threads',
    'isolated',
    'adapter / renderer',
    'matMul max err',
    'conv2d max err',
    `${size}³ median ms`,
    'GFLOP/s',
    'warm-up ms',
    'runs',
    'leaked tensors',
  ];
  const rows = results.map((r) => [
    r.place,
    r.backend,
    startedCell(r),
    r.info?.simd == null ? '—' : yesNo(r.info.simd),
    r.info?.threads == null ? '—' : String(r.info.threads),
    r.info?.crossOriginIsolated == null ? '—' : yesNo(r.info.crossOriginIsolated),
    deviceCell(r),
    errorCell(r.check?.matMulMaxErr, TOLERANCE.matMul),
    errorCell(r.check?.conv2dMaxErr, TOLERANCE.conv2d),
    r.timing ? formatMs(r.timing.medianMs) : '—',
    r.timing ? formatGflops(r.timing.gflops) : '—',
    r.timing ? formatMs(r.timing.warmupMs) : '—',
    r.timing ? String(r.timing.samplesMs.length) : '—',
    r.tensors == null ? '—' : r.tensors.leaked === 0 ? '0' : `${r.tensors.leaked} ⚠`,
  ]);
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The environment block, as a Markdown list. */
export function environmentBlock(env: Environment): string {
  const lines = [
    `- Node: ${env.node} (${env.platform})`,
    `- Chromium: ${env.chromium ?? `not run (${env.chromiumReason ?? 'not requested'})`}`,
  ];
  if (env.userAgent) lines.push(`- User agent: ${env.userAgent}`);
  lines.push(`- CPU: ${env.cpuModel}, ${env.cores} cores (Node os.cpus())`);
  if (env.browserCores != null) {
    lines.push(`- Page: navigator.hardwareConcurrency = ${env.browserCores}`);
  }
  if (env.crossOriginIsolated != null) {
    lines.push(`- Page cross-origin isolated: ${yesNo(env.crossOriginIsolated)}`);
  }
  lines.push(`- tfjs-core: ${env.tfjsCore}`);
  return lines.join('\n');
}

/** The whole Markdown report: table, notes, environment, verdict. */
export function markdownReport(run: BenchRun): string {
  const { config } = run;
  const v = verdict(run.results);
  return [
    `# Strata bench — ${run.startedAt}`,
    '',
    markdownTable(run.results, config.size),
    '',
    `Timed: ${config.size}×${config.size}·${config.size}×${config.size} matMul (2·${config.size}³ FLOP) ` +
      'with `await result.data()` inside the timed region, after one warm-up run; ' +
      `at least ${config.minRuns} runs, no new run after ${config.budgetMs / 1000} s ` +
      `(at most ${config.maxRuns}). Errors: max |x − cpu| on a 67×129·129×33 matMul and a ` +
      "[2,16,16,3] * [3,3,3,8] conv2d (stride 1, 'same'), tolerance " +
      `${TOLERANCE.matMul} / ${TOLERANCE.conv2d}.`,
    '',
    '## Environment',
    '',
    environmentBlock(run.environment),
    '',
    v.ok
      ? '**Verdict:** every started backend agrees with cpu.'
      : `**Verdict: MISMATCH**\n\n${v.failures.map((f) => `- ${f}`).join('\n')}`,
    '',
  ].join('\n');
}

/** `2025-01-02T03:04:05.678Z` → `2025-01-02T03-04-05.678Z` (no ':' in file names). */
export function resultStem(date: Date): string {
  return date.toISOString().replaceAll(':', '-');
}

/** Writes `<root>/bench-results/<stem>.json` and `.md`; returns their paths. */
export async function writeResults(
  root: string,
  run: BenchRun,
  markdown: string,
  dir: string = join(root, 'bench-results'),
): Promise<{ json: string; md: string }> {
  await mkdir(dir, { recursive: true });
  const stem = resultStem(new Date(run.startedAt));
  const json = join(dir, `${stem}.json`);
  const md = join(dir, `${stem}.md`);
  await writeFile(json, `${JSON.stringify(run, jsonReplacer, 2)}\n`);
  await writeFile(md, markdown);
  return { json, md };
}

/** JSON has no Infinity/NaN: keep them readable as strings. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

function startedCell(r: BackendResult): string {
  if (!r.started) return `no: ${r.reason ?? 'unknown reason'}`;
  if (r.error != null) return `yes, then failed: ${r.error}`;
  return 'yes';
}

function deviceCell(r: BackendResult): string {
  const info = r.info;
  if (info == null) return '—';
  if (info.name === 'webgl') {
    return `WebGL ${info.webglVersion ?? '?'}: ${info.renderer ?? 'renderer unknown'}`;
  }
  if (info.name === 'webgpu') {
    const a = info.adapter;
    const parts = a ? [a.vendor, a.architecture, a.device, a.description].filter(Boolean) : [];
    return parts.length ? `WebGPU: ${parts.join(' / ')}` : 'WebGPU: adapter gives no info';
  }
  return '—';
}

export function errorCell(err: number | undefined, tolerance: number): string {
  if (err == null) return '—';
  const text = err === 0 ? '0' : Number.isFinite(err) ? err.toExponential(1) : String(err);
  return err <= tolerance ? text : `${text} ✗`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

export function formatGflops(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replaceAll('|', '\\|');
}
