import {
  add,
  concat,
  dispose,
  mean,
  memory,
  type Scalar,
  square,
  sub,
  type Tensor,
  tensor,
  train,
  useBackend,
  variableGrads,
} from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CallContext, Layer, type LayerInputs } from '../layer.js';
import { Dense } from '../layers/dense.js';
import { input } from '../layers/input-layer.js';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { model } from './functional.js';
import { Model } from './model.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** A residual block as a subclassed model: its layers are its fields. */
class Residual extends Model {
  static override readonly className = 'Residual';
  readonly inner = new Dense({ units: 3, activation: 'tanh' });
  readonly outer = new Dense({ units: 3 });

  override call(x: Tensor, ctx: CallContext): Tensor {
    return add(x, this.outer.apply(this.inner.apply(x, ctx) as Tensor, ctx) as Tensor);
  }
}

/** A layer with named inputs: `{left, right}` → `[left, right]` along the last axis. */
class Pair extends Layer {
  static override readonly className = 'Pair';
  override call(inputs: LayerInputs): Tensor {
    const { left, right } = inputs as Record<string, Tensor>;
    return concat([left, right], -1);
  }
  override computeOutputShape(shape: unknown) {
    const { left, right } = shape as Record<string, number[]>;
    return [left[0], (left[1] as number) + (right[1] as number)];
  }
}

describe('subclassed models', () => {
  it('track the layers in their fields, train with fit and print a summary', async () => {
    const m = new Residual({});
    const x = tensor([
      [1, 0, -1],
      [0.5, 0.5, 0.5],
    ]);
    const y = tensor([
      [0, 0, 0],
      [1, 1, 1],
    ]);
    m.apply(x);
    expect(m.weights.map((w) => w.path)).toEqual([
      `${m.inner.name}/kernel`,
      `${m.inner.name}/bias`,
      `${m.outer.name}/kernel`,
      `${m.outer.name}/bias`,
    ]);
    m.compile({ optimizer: train.adam(0.05), loss: 'mse' });
    const history = await m.fit(x, y, { epochs: 40, verbose: 0 });
    expect(history.history.loss[39]).toBeLessThan(history.history.loss[0] / 10);
    expect(m.summary(() => {})).toContain('Total params: 24');
    m.dispose();
  });
});

describe('a custom training loop', () => {
  it('uses trainableWeights and variableGrads, and leaks nothing per step', async () => {
    const dense = new Dense({ units: 1, kernelInitializer: 'zeros' });
    const x = tensor([[1], [2], [3]]);
    const y = tensor([[2], [4], [6]]);
    dense.apply(x);
    const weights = dense.trainableWeights.map((w) => w.variable);
    const optimizer = train.sgd(0.1);
    const lossFn = () => mean(square(sub(dense.apply(x) as Tensor, y))) as Scalar;
    const before = memory().numTensors;
    let last = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 200; step++) {
      const { value, grads } = variableGrads(lossFn, weights);
      optimizer.applyGradients(grads);
      last = (await value.data())[0];
      dispose([value, ...Object.values(grads)]);
    }
    expect(last).toBeLessThan(1e-3);
    expect(memory().numTensors).toBe(before);
    dense.dispose();
  });
});

describe('named inputs', () => {
  it('a layer taking {left, right} works eagerly and in a functional model', async () => {
    const pair = new Pair({});
    const l = tensor([[1, 2]]);
    const r = tensor([[3]]);
    await expectTensorsClose(pair.apply({ left: l, right: r }) as Tensor, [1, 2, 3]);
    const left = input({ shape: [2], name: 'left' });
    const right = input({ shape: [1], name: 'right' });
    const joined = new Pair({}).apply({ left, right }) as SymbolicTensor;
    expect(joined.shape).toEqual([null, 3]);
    const m = model({ inputs: [left, right], outputs: joined });
    await expectTensorsClose(m.apply({ left: l, right: r }) as Tensor, [1, 2, 3]);
  });
});
