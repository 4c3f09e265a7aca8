import { describe, expect, it } from 'vitest';
import {
  environmentBlock,
  errorCell,
  formatGflops,
  formatMs,
  markdownReport,
  markdownTable,
  resultStem,
  verdict,
} from './report.js';
import type { BackendResult, BenchRun } from './types.js';
import { TOLERANCE } from './types.js';

const timing = {
  size: 1024,
  flop: 2 * 1024 ** 3,
  warmupMs: 120,
  samplesMs: [80, 75, 77],
  medianMs: 77,
  p10Ms: 75.4,
  p90Ms: 79.4,
  minMs: 75,
  gflops: 27.89,
};

const results: BackendResult[] = [
  {
    place: 'node',
    backend: 'wasm',
    started: true,
    info: { name: 'wasm', simd: true, threads: 1, kernelGaps: [] },
    check: { matMulMaxErr: 4.8e-6, conv2dMaxErr: 0 },
    timing,
    tensors: { before: 0, after: 0, leaked: 0 },
  },
  {
    place: 'chromium',
    backend: 'webgl',
    started: true,
    info: {
      name: 'webgl',
      webglVersion: 2,
      renderer: 'SwiftShader | Vulkan',
      crossOriginIsolated: true,
      kernelGaps: [],
    },
    check: { matMulMaxErr: 2e-6, conv2dMaxErr: 1e-6 },
    timing: { ...timing, medianMs: 1100, gflops: 1.95 },
    tensors: { before: 2, after: 5, leaked: 3 },
  },
  {
    place: 'chromium',
    backend: 'webgpu',
    started: false,
    reason: 'navigator.gpu is undefined:\nno WebGPU',
  },
];

function rows(table: string): string[][] {
  return table.split('\n').map((line) =>
    line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}

describe('markdownTable', () => {
  const table = markdownTable(results, 1024);
  const [header, rule, ...body] = rows(table);

  it('has a header, a rule and one row per result, all the same width', () => {
    expect(header).toContain('1024³ median ms');
    expect(header).toContain('leaked tensors');
    expect(rule.every((c) => c === '---')).toBe(true);
    expect(body).toHaveLength(3);
    for (const row of body) expect(row).toHaveLength(header.length);
  });

  it('fills the cells of a started backend', () => {
    const row = Object.fromEntries(header.map((h, i) => [h, body[0][i]]));
    expect(row).toMatchObject({
      place: 'node',
      backend: 'wasm',
      'started / reason': 'yes',
      SIMD: 'yes',
      threads: '1',
      isolated: '—',
      'matMul max err': '4.8e-6',
      'conv2d max err': '0',
      '1024³ median ms': '77.0',
      'GFLOP/s': '27.9',
      'warm-up ms': '120',
      runs: '3',
      'leaked tensors': '0',
    });
  });

  it('escapes pipes, flattens newlines and flags leaks', () => {
    expect(table).toContain('WebGL 2: SwiftShader \\| Vulkan');
    expect(body[1][header.indexOf('leaked tensors')]).toBe('3 ⚠');
    expect(body[2][2]).toBe('no: navigator.gpu is undefined: no WebGPU');
    expect(body[2].slice(3).every((c) => c === '—')).toBe(true);
  });
});

describe('verdict', () => {
  it('passes when every started backend is within tolerance, ignoring unstarted ones', () => {
    expect(verdict(results)).toEqual({ ok: true, failures: [] });
  });
  it('fails on an error above tolerance, a NaN/infinite error, or a failure after start', () => {
    const bad: BackendResult[] = [
      { ...results[0], check: { matMulMaxErr: 2 * TOLERANCE.matMul, conv2dMaxErr: 0 } },
      { ...results[1], check: { matMulMaxErr: 0, conv2dMaxErr: Number.POSITIVE_INFINITY } },
      { place: 'chromium', backend: 'wasm', started: true, error: 'kernel missing' },
    ];
    const v = verdict(bad);
    expect(v.ok).toBe(false);
    expect(v.failures).toHaveLength(3);
    expect(v.failures[0]).toMatch(/^node wasm: matMul/);
    expect(v.failures[1]).toMatch(/^chromium webgl: conv2d/);
    expect(v.failures[2]).toMatch(/kernel missing/);
  });
});

describe('cell formats', () => {
  it('formats errors, marking those above tolerance', () => {
    expect(errorCell(undefined, 1e-3)).toBe('—');
    expect(errorCell(0, 1e-3)).toBe('0');
    expect(errorCell(2.5e-6, 1e-3)).toBe('2.5e-6');
    expect(errorCell(0.5, 1e-3)).toBe('5.0e-1 ✗');
    expect(errorCell(Number.POSITIVE_INFINITY, 1e-3)).toBe('Infinity ✗');
  });
  it('formats milliseconds and GFLOP/s with sensible precision', () => {
    expect(formatMs(3712.4)).toBe('3712');
    expect(formatMs(75.26)).toBe('75.3');
    expect(formatMs(4.567)).toBe('4.57');
    expect(formatGflops(28.64)).toBe('28.6');
    expect(formatGflops(0.578)).toBe('0.58');
  });
  it('names result files by ISO time without colons', () => {
    expect(resultStem(new Date('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02T03-04-05.678Z');
  });
});

describe('markdownReport', () => {
  const run: BenchRun = {
    startedAt: '2025-01-02T03:04:05.678Z',
    finishedAt: '2025-01-02T03:06:05.678Z',
    config: { size: 1024, minRuns: 3, maxRuns: 50, budgetMs: 10_000, seed: 42 },
    tolerance: TOLERANCE,
    environment: {
      node: 'v20.20.0',
      platform: 'linux x64',
      cpuModel: 'AMD EPYC',
      cores: 2,
      tfjsCore: '4.22.0',
      chromium: null,
      chromiumReason: 'Chromium not found at /usr/bin/chromium',
    },
    results,
    browserLog: [],
  };
  it('holds the table, the environment block and the verdict', () => {
    const md = markdownReport(run);
    expect(md).toContain(markdownTable(results, 1024));
    expect(md).toContain(environmentBlock(run.environment));
    expect(md).toContain('Chromium: not run (Chromium not found at /usr/bin/chromium)');
    expect(md).toContain('CPU: AMD EPYC, 2 cores');
    expect(md).toContain('every started backend agrees with cpu');
  });
});
