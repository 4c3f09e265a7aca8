import {
  ConfigError,
  clone,
  keep,
  ShapeError,
  StrataError,
  sum,
  type Tensor,
  tensor,
  train,
  useBackend,
  type Variable,
  variableGrads,
} from '@strata/core';
import { describeBackends, expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CallContext, Layer } from '../layer.js';
import { model } from '../models/functional.js';
import { sequential } from '../models/sequential.js';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { Embedding } from './embedding.js';
import { input } from './input-layer.js';

testLayer('Embedding', {
  create: (c) => new Embedding(c as never),
  config: { inputDim: 7, outputDim: 3 },
  inputShape: [2, 5],
  integerInputs: 7,
  expectedOutputShape: [2, 5, 3],
});

testLayer('Embedding of rank-3 ids, masking zero', {
  create: (c) => new Embedding(c as never),
  config: { inputDim: 4, outputDim: 2, maskZero: true, inputLength: [2, 3] },
  inputShape: [2, 2, 3],
  integerInputs: 4,
  expectedOutputShape: [2, 2, 3, 2],
});

const TABLE = [
  [0, 0],
  [1, 2],
  [3, 4],
  [5, 6],
];

describe('Embedding', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('looks up the row of each id', async () => {
    const embed = new Embedding({ inputDim: 4, outputDim: 2 });
    const ids = tensor(
      [
        [1, 3],
        [2, 2],
      ],
      [2, 2],
      'int32',
    );
    embed.apply(ids);
    embed.setWeights([tensor(TABLE)]);
    const y = embed.apply(ids) as Tensor;
    await expectTensorsClose(y, tensor([1, 2, 5, 6, 3, 4, 3, 4], [2, 2, 2]));
  });

  it('casts float ids to int32, as Keras', async () => {
    const embed = new Embedding({ inputDim: 4, outputDim: 2 });
    embed.apply(tensor([[0]]));
    embed.setWeights([tensor(TABLE)]);
    await expectTensorsClose(embed.apply(tensor([[3, 1]])) as Tensor, [5, 6, 1, 2]);
  });

  it('initialises uniformly in ±0.05 by default', async () => {
    const embed = new Embedding({ inputDim: 50, outputDim: 20 });
    embed.apply(tensor([[1]], [1, 1], 'int32'));
    expect(embed.weights.map((w) => w.path)).toEqual([`${embed.name}/embeddings`]);
    const values = Array.from(await embed.embeddings.data());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-0.05);
    expect(Math.max(...values)).toBeLessThan(0.05);
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0.09);
  });

  it('gives the mask ids ≠ 0 with maskZero, and none without', async () => {
    const ids = tensor([[3, 1, 0, 0]], [1, 4], 'int32');
    const masking = new Embedding({ inputDim: 4, outputDim: 2, maskZero: true });
    const mask = masking.computeMask(ids, null) as Tensor;
    expect(mask.dtype).toBe('bool');
    await expectTensorsClose(mask, [1, 1, 0, 0]);
    expect(new Embedding({ inputDim: 4, outputDim: 2 }).computeMask(ids, mask)).toBeNull();
  });

  it('computes the output shape, filling unknown steps from inputLength', () => {
    const embed = new Embedding({ inputDim: 10, outputDim: 8 });
    expect((embed.apply(input({ shape: [null], dtype: 'int32' })) as SymbolicTensor).shape).toEqual(
      [null, null, 8],
    );
    const fixed = new Embedding({ inputDim: 10, outputDim: 8, inputLength: 5 });
    expect(fixed.computeOutputShape([null, null])).toEqual([null, 5, 8]);
  });

  it('names the layer, inputLength and the shape when the ids do not fit', () => {
    const embed = new Embedding({ inputDim: 10, outputDim: 8, inputLength: 5, name: 'emb' });
    const ids = tensor([[1, 2, 3]], [1, 3], 'int32');
    expect(() => embed.apply(ids)).toThrow(ShapeError);
    expect(() => embed.apply(ids)).toThrow(
      "<Layer 'emb'>: expected ids of shape [null, 5] (inputLength). Received: shape [1, 3].",
    );
  });

  it('names the layer when an id is out of range (cpu checks ids in its kernel)', () => {
    const embed = new Embedding({ inputDim: 4, outputDim: 2, name: 'emb' });
    const ids = tensor([[1, 9]], [1, 2], 'int32');
    expect(() => embed.apply(ids)).toThrow(StrataError);
    expect(() => embed.apply(ids)).toThrow(
      "<Layer 'emb'>: expected ids in [0, 3]. Received: GatherV2: the index value 9 is not in [0, 3].",
    );
  });

  it('rejects a non-positive inputDim or outputDim', () => {
    expect(() => new Embedding({ inputDim: 0, outputDim: 2, name: 'emb' })).toThrow(ConfigError);
    expect(() => new Embedding({ inputDim: 3, outputDim: 1.5, name: 'emb' })).toThrow(
      "<Layer 'emb'>: expected outputDim, a positive integer. Received: 1.5.",
    );
  });
});

// The gradient of gather is UnsortedSegmentSum, which Strata registers for wasm.
describeBackends('Embedding training', (backend) => {
  it('has the gradient of sum(embedding(ids)): each row gets the count of its id', async () => {
    const embed = new Embedding({ inputDim: 5, outputDim: 3 });
    const ids = tensor(
      [
        [1, 3, 3],
        [0, 3, 1],
      ],
      [2, 3],
      'int32',
    );
    embed.apply(ids);
    const counts = [1, 2, 0, 3, 0];
    const { value, grads } = variableGrads(
      () => sum(embed.apply(ids) as Tensor) as never,
      [embed.embeddings as Variable],
    );
    value.dispose();
    const expected = counts.flatMap((c) => [c, c, c]);
    await expectTensorsClose(grads[(embed.embeddings as Variable).name], tensor(expected, [5, 3]));
  });

  it('rejects out-of-range ids on cpu and wasm, and gives zero vectors on WebGL and WebGPU', async () => {
    const embed = new Embedding({ inputDim: 4, outputDim: 2, embeddingsInitializer: 'ones' });
    const ids = tensor([[1, 9]], [1, 2], 'int32');
    if (backend === 'cpu' || backend === 'wasm') {
      expect(() => embed.apply(ids)).toThrow(/expected ids in \[0, 3\]/);
    } else {
      await expectTensorsClose(embed.apply(ids) as Tensor, [1, 1, 0, 0]);
    }
  });

  it('takes an SGD step of the counts', async () => {
    const embed = new Embedding({ inputDim: 4, outputDim: 2, embeddingsInitializer: 'zeros' });
    const ids = tensor([[2, 2, 1]], [1, 3], 'int32');
    embed.apply(ids);
    train.sgd(0.5).minimize(() => sum(embed.apply(ids) as Tensor) as never);
    await expectTensorsClose(embed.embeddings, [0, 0, -0.5, -0.5, -1, -1, 0, 0]);
  });
});

/** Passes its input through and keeps a copy of the mask each call received. */
class MaskRecorder extends Layer {
  static override readonly className = 'MaskRecorder';
  readonly seen: (Tensor | null)[] = [];

  override call(inputs: Tensor, ctx: CallContext): Tensor {
    this.seen.push(ctx.mask == null ? null : keep(clone(ctx.mask)));
    return clone(inputs);
  }
}

describe('Embedding masks in models', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const ids = () =>
    tensor(
      [
        [4, 2, 0, 0],
        [1, 0, 0, 0],
      ],
      [2, 4],
      'int32',
    );

  it('reach the next layer of a Sequential model with maskZero', async () => {
    const recorder = new MaskRecorder({});
    const m = sequential([new Embedding({ inputDim: 5, outputDim: 3, maskZero: true }), recorder]);
    const y = m.apply(ids()) as Tensor;
    expect(y.shape).toEqual([2, 4, 3]);
    expect(recorder.seen).toHaveLength(1);
    await expectTensorsClose(recorder.seen[0] as Tensor, [1, 1, 0, 0, 1, 0, 0, 0]);
  });

  it('reach the next layer of a functional model', async () => {
    const recorder = new MaskRecorder({});
    const x = input({ shape: [4], dtype: 'int32' });
    const h = new Embedding({ inputDim: 5, outputDim: 3, maskZero: true }).apply(x);
    const m = model({ inputs: x, outputs: recorder.apply(h as SymbolicTensor) as SymbolicTensor });
    m.apply(ids());
    await expectTensorsClose(recorder.seen[0] as Tensor, [1, 1, 0, 0, 1, 0, 0, 0]);
  });

  it('are absent without maskZero', () => {
    const recorder = new MaskRecorder({});
    sequential([new Embedding({ inputDim: 5, outputDim: 3 }), recorder]).apply(ids());
    expect(recorder.seen).toEqual([null]);
  });
});
