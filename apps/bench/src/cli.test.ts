import { describe, expect, it } from 'vitest';
import { parseCli } from './cli.js';

describe('parseCli', () => {
  it('defaults to the quick suite on every backend and both implementations', () => {
    const o = parseCli([], {});
    expect(o.command).toBe('run');
    expect(o.suite).toBe('quick');
    expect(o.config.size).toBe(512);
    expect(o.nodeBackends).toEqual(['cpu', 'wasm']);
    expect(o.browserBackends).toEqual(['webgl', 'webgpu', 'wasm']);
    expect(o.places).toEqual(['node', 'chromium']);
    expect(o.impls).toEqual(['strata', 'tfjs-layers']);
  });

  it('maps --backends to places, and reads --suite, --cases, --impl, --out', () => {
    const o = parseCli(
      [
        '--suite',
        'full',
        '--backends',
        'wasm,browser-wasm',
        '--cases',
        'mlp-train,matmul',
        '--impl',
        'strata',
        '--out',
        'x',
      ],
      {},
    );
    expect(o.suite).toBe('full');
    expect(o.config.size).toBe(1024);
    expect(o.nodeBackends).toEqual(['wasm']);
    expect(o.browserBackends).toEqual(['wasm']);
    expect(o.cases).toEqual(['mlp-train', 'matmul']);
    expect(o.impls).toEqual(['strata']);
    expect(o.out).toBe('x');
  });

  it('accepts brainjs as a third --impl', () => {
    const o = parseCli(['--impl', 'strata,tfjs-layers,brainjs'], {});
    expect(o.impls).toEqual(['strata', 'tfjs-layers', 'brainjs']);
  });

  it('parses compare and rejects unknown names', () => {
    const o = parseCli(['compare', 'a.json', 'b.json'], {});
    expect(o.command).toBe('compare');
    expect(o.files).toEqual(['a.json', 'b.json']);
    expect(() => parseCli(['compare', 'a.json'], {})).toThrow(/usage/);
    expect(() => parseCli(['--backends', 'tpu'], {})).toThrow(/unknown tpu/);
    expect(() => parseCli(['--impl', 'keras'], {})).toThrow(/unknown keras/);
    expect(() => parseCli(['--cases', 'transformer'], {})).toThrow(/unknown transformer/);
    expect(() => parseCli(['--suite', 'huge'], {})).toThrow(/quick or full/);
  });
});
