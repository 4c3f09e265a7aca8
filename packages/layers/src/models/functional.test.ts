import { add, ConfigError, matMul, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../layers/dense.js';
import { input } from '../layers/input-layer.js';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { model } from './functional.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('functional models', () => {
  it('runs a graph with two inputs, a shared layer and two outputs', async () => {
    const a = input({ shape: [3], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const shared = new Dense({ units: 2, name: 'shared' });
    const ha = shared.apply(a) as SymbolicTensor;
    const hb = shared.apply(b) as SymbolicTensor;
    expect(ha.shape).toEqual([null, 2]);
    const head = new Dense({ units: 1, name: 'head' });
    const m = model({ inputs: [a, b], outputs: [head.apply(ha) as SymbolicTensor, hb] });
    expect(m.layers.map((l) => l.name)).toEqual(['a', 'shared', 'head', 'b']);
    expect(m.countParams()).toBe(3 * 2 + 2 + 2 + 1); // the shared layer counts once

    const xa = tensor([[1, 0, 2]]);
    const xb = tensor([[0, 1, 1]]);
    const [ya, yb] = m.apply([xa, xb]) as never[];
    const [k, bias, k2, b2] = m.weights.map((w) => w.variable);
    await expectTensorsClose(yb, add(matMul(xb, k), bias));
    await expectTensorsClose(ya, add(matMul(add(matMul(xa, k), bias), k2), b2));
    const byName = m.apply({ a: xa, b: xb }) as never[];
    await expectTensorsClose(byName[0], ya);
  });

  it('summary lists the connections', () => {
    const x = input({ shape: [4], name: 'x' });
    const m = model({
      inputs: x,
      outputs: new Dense({ units: 2, name: 'y' }).apply(x) as SymbolicTensor,
    });
    const text = m.summary(() => {});
    expect(text).toMatch(/x \(InputLayer\)\s+\[null, 4\]\s+0/);
    expect(text).toMatch(/y \(Dense\)\s+\[null, 2\]\s+10\s+x/);
  });

  it('rejects outputs that depend on an input not listed', () => {
    const a = input({ shape: [2] });
    const b = input({ shape: [2] });
    const d = new Dense({ units: 1 });
    const y = d.apply(b) as SymbolicTensor;
    expect(() => model({ inputs: a, outputs: y })).toThrow(ConfigError);
  });
});
