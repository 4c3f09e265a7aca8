import {
  ConfigError,
  clipGradientsByGlobalNorm,
  clipGradientsByValue,
  dispose,
  type NamedTensorMap,
  tensor,
  useBackend,
} from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('clipGradientsByGlobalNorm', () => {
  it('scales all gradients by clipNorm / globalNorm when the norm is larger', async () => {
    // ‖[3, 4]‖² + ‖[[12]]‖² = 9 + 16 + 144 = 169 → global norm 13; clipNorm 6.5 → scale 0.5.
    const a = tensor([3, 4]);
    const b = tensor([[12]]);
    const { grads, globalNorm } = clipGradientsByGlobalNorm([a, b], 6.5);
    await expectTensorsClose(globalNorm, 13);
    await expectTensorsClose(grads[0], [1.5, 2]);
    expect(grads[1].shape).toEqual([1, 1]);
    await expectTensorsClose(grads[1], [6]);
    dispose([a, b, globalNorm, ...grads]);
  });

  it('leaves gradients under the norm unchanged, and keeps the name-map form', async () => {
    const g: NamedTensorMap = { w: tensor([0.3, -0.4]), b: tensor([1.2]) };
    const { grads, globalNorm } = clipGradientsByGlobalNorm(g, 2);
    expect(Object.keys(grads)).toEqual(['w', 'b']);
    await expectTensorsClose(globalNorm, Math.sqrt(0.09 + 0.16 + 1.44));
    await expectTensorsClose(grads.w, [0.3, -0.4]);
    await expectTensorsClose(grads.b, [1.2]);
    dispose([g, grads, globalNorm]);
  });

  it('creates only what it returns', async () => {
    const g = [tensor([1, 2, 3]), tensor([4])];
    await expectNoLeaks(() => {
      const { grads, globalNorm } = clipGradientsByGlobalNorm(g, 1);
      dispose([globalNorm, ...grads]);
    });
    dispose(g);
    expect(() => clipGradientsByGlobalNorm(g, 0)).toThrow(ConfigError);
  });
});

describe('clipGradientsByValue', () => {
  it('clips each element to [min, max] in the form it was given', async () => {
    const g = [tensor([-1, 0.2, 2])];
    const [clipped] = clipGradientsByValue(g, -0.5, 0.5);
    await expectTensorsClose(clipped, [-0.5, 0.2, 0.5]);
    const named = { w: tensor([3, -3]) };
    const byName = clipGradientsByValue(named, -1, 1);
    await expectTensorsClose(byName.w, [1, -1]);
    dispose([g, clipped, named, byName]);
    expect(() => clipGradientsByValue([], 1, 0)).toThrow(ConfigError);
  });
});
