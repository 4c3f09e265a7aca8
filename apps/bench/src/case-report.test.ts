import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addMatMulFractions,
  casesSection,
  casesTable,
  chartSpec,
  chartSvg,
  compareRuns,
  compareTable,
  matMulGflopsByBackend,
  runCases,
} from './case-report.js';
import type { BenchRun } from './types.js';

const fixture = (name: string): BenchRun =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as BenchRun;

describe('cases table (fixed fixture)', () => {
  const run = fixture('run-a.json');
  const cases = runCases(run);

  it('has one row per case × backend × impl, and one row for a failed case', () => {
    const md = casesTable(cases);
    const rows = md.split('\n').slice(2);
    expect(rows).toHaveLength(4 * 2 + 1);
    expect(rows[0]).toMatch(
      /^\| matmul-256 \| node wasm \| strata \| ok \| 10\.0 \| 1\.50 \| 1\.40–1\.60 \| 3 \| 170667 \| \*\*1\.33×\*\* \|/,
    );
    expect(rows[1]).toMatch(/^\| matmul-256 \| node wasm \| tfjs-layers \| ok \|/);
    expect(md).toContain('| mlp-train | chromium webgl | strata |');
    expect(md).toContain(
      "| cnn-train | node wasm | — | failed: Kernel 'Conv2DBackpropFilter' not registered |",
    );
    // peak tensor MB, peak RSS MB, leaked/step, agreement
    expect(rows[0]).toMatch(/\| 1\.0 \| 300\.0 \| 0 \| 1\.0e-7 \| — \|$/);
  });

  it('marks a disagreement beyond tolerance', () => {
    const bad = structuredClone(cases);
    bad[0].agreement = 0.5;
    expect(casesTable(bad).split('\n')[2]).toMatch(/5\.0e-1 ✗ \| — \|$/);
  });

  it('labels a brain.js row as backend-independent, with its agreement and notes', () => {
    const withBrain = structuredClone(cases);
    const r = withBrain.find((c) => c.impls.length > 0) as (typeof withBrain)[number];
    r.impls.push(
      {
        ...r.impls[1],
        impl: 'brainjs',
        backendIndependent: true,
        vsStrata: null,
        note: 'no dropout',
      },
      { ...r.impls[1], impl: 'brainjs', backendIndependent: true, vsStrata: 0.5 },
    );
    const rows = casesTable(withBrain).split('\n');
    const brainRows = rows.filter((l) => l.includes('| brainjs |'));
    expect(brainRows[0]).toContain('row; own JS, no tfjs backend | brainjs |');
    expect(brainRows[0]).toContain('| n/a (see notes) |');
    expect(brainRows[1]).toContain('| 5.0e-1 ✗ |');
    expect(casesSection(withBrain)).toContain(`- ${r.case} × brainjs: no dropout`);
  });

  it('puts the table under a heading with the method notes', () => {
    const md = casesSection(cases);
    expect(md).toContain('## Cases: Strata vs tfjs-layers');
    expect(md).toContain('warm-up steps are not in the samples');
  });

  it('relates GFLOP/s to the best matMul of the same backend (cases or backend table)', () => {
    const c = structuredClone(cases);
    const best = matMulGflopsByBackend(c, run.results);
    // matmul-256 strata: 2·256³ flop in 1.5 ms = 22.4 GFLOP/s; the table's 512³ in 11 ms is higher
    const fromTable = (2 * 512 ** 3) / 11e6;
    expect(best['node wasm']).toBeCloseTo(fromTable, 9);
    expect(matMulGflopsByBackend(c)['node wasm']).toBeCloseTo((2 * 256 ** 3) / 1.5e6, 9);
    addMatMulFractions(c, run.results);
    expect(c[0].impls[0].matMulFraction).toBeCloseTo((2 * 256 ** 3) / 1.5e6 / fromTable, 9);
    expect(c[1].impls[0].matMulFraction).toBeCloseTo(c[1].impls[0].gflops / fromTable, 9);
    // no matMul measured for node cpu or chromium webgl in this fixture
    expect(c[2].impls[0].matMulFraction).toBeNull();
  });
});

describe('chart', () => {
  const cases = runCases(fixture('run-a.json'));

  it('is a vega-lite spec with one datum per measured case × backend × impl', () => {
    const spec = chartSpec(cases) as unknown as { data: { values: { case: string }[] } };
    expect(spec.data.values).toHaveLength(8);
    expect(spec.data.values.map((v) => v.case)).not.toContain('cnn-train');
  });

  it('renders to an SVG with the case, backend and implementation labels', async () => {
    const svg = await chartSvg(cases);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of [
      'matmul-256',
      'mlp-train',
      'mlp-infer-b1',
      'node wasm',
      'node cpu',
      'chromium webgl',
      'strata',
      'tfjs-layers',
      'samples/s',
    ]) {
      expect(svg).toContain(`>${label}<`);
    }
  });
});

describe('compare', () => {
  const a = fixture('run-a.json');
  const b = fixture('run-b.json');

  it('pairs case × backend × impl and gives the change in samples/s', () => {
    const rows = compareRuns(a, b);
    expect(rows).toHaveLength(8);
    const strata = rows.find(
      (r) => r.case === 'matmul-256' && r.backend === 'node wasm' && r.impl === 'strata',
    );
    expect(strata?.change).toBeCloseTo(1, 9); // twice as fast: +100 %
    expect(strata?.before?.medianMs).toBe(1.5);
    expect(strata?.after?.medianMs).toBe(0.75);
    const peer = rows.find((r) => r.case === 'matmul-256' && r.impl === 'tfjs-layers');
    expect(peer?.change).toBeCloseTo(0, 9);
  });

  it('prints a Markdown table, with a dash where a side is missing', () => {
    const trimmed = structuredClone(b);
    trimmed.cases = trimmed.cases?.slice(1);
    const md = compareTable(compareRuns(a, trimmed), ['A', 'B']);
    expect(md).toContain(
      '| mlp-train | node wasm | strata | 3122 | 6244 | +100.0% | 41.0 | 20.5 |',
    );
    expect(md).toContain('| matmul-256 | node wasm | strata | 170667 | — | — | 1.50 | — |');
  });

  it('reads the older `training` key too', () => {
    const old = { ...a, cases: undefined, training: a.cases };
    expect(compareRuns(old, b)).toHaveLength(8);
  });
});
