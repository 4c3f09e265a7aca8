import {
  ConfigError,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  conv2d,
  engine,
  mul,
  type NamedAttrMap,
  RandomStream,
  ShapeError,
  sum,
  type Tensor,
  type Tensor4D,
  tensor,
  tidy,
} from '@strata/core';
import { useTestBackend } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

// What the wasm conv gradient kernels do beyond tfjs's own (dilations) and how they refuse
// what they cannot do. Agreement with cpu is in conv2d-backprop.test.ts.

type Shape4 = [number, number, number, number];

beforeAll(async () => {
  await useTestBackend('wasm');
});

describe('wasm conv gradient kernels beyond tfjs', () => {
  it('support dilations: <dy, conv(x, W)> = <dW, W> = <dx, x> for random x, W, dy', () => {
    const rng = new RandomStream(9);
    const xShape: Shape4 = [2, 9, 8, 3];
    const wShape: Shape4 = [3, 2, 3, 4];
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: [2, 3] };
    const [lhs, viaW, viaX] = tidy(() => {
      const x = tensor(rng.normalArray(2 * 9 * 8 * 3), xShape) as Tensor4D;
      const w = tensor(rng.normalArray(3 * 2 * 3 * 4), wShape) as Tensor4D;
      const y = conv2d(x, w, 1, 'same', 'NHWC', [2, 3]);
      const dy = tensor(rng.normalArray(y.size), y.shape);
      const run = (kernel: string, inputs: Record<string, Tensor>, extra: object) =>
        engine().runKernel(kernel, inputs, {
          ...attrs,
          ...extra,
        } as unknown as NamedAttrMap) as Tensor;
      const dw = run(Conv2DBackpropFilter, { x, dy }, { filterShape: wShape });
      const dx = run(Conv2DBackpropInput, { dy, filter: w }, { inputShape: xShape });
      return [sum(mul(dy, y)), sum(mul(dw, w)), sum(mul(dx, x))].map((t) => t.dataSync()[0]);
    });
    expect(Math.abs(viaW - lhs)).toBeLessThan(1e-3 * Math.max(1, Math.abs(lhs)));
    expect(Math.abs(viaX - lhs)).toBeLessThan(1e-3 * Math.max(1, Math.abs(lhs)));
  });

  it('reject NCHW, a dy of the wrong shape and non-float inputs with clear errors', () => {
    const x = tensor(new Float32Array(2 * 5 * 5 * 3), [2, 5, 5, 3]);
    const attrs = { strides: 1, pad: 'valid', filterShape: [3, 3, 3, 4] };
    const run = (dyShape: number[], dataFormat: string) => () =>
      tidy(() =>
        engine().runKernel(
          Conv2DBackpropFilter,
          { x, dy: tensor(new Float32Array(2 * 3 * 3 * 4), dyShape) },
          {
            ...attrs,
            dataFormat,
          } as unknown as NamedAttrMap,
        ),
      );
    expect(run([2, 3, 3, 4], 'NCHW')).toThrow(ConfigError);
    expect(run([2, 3, 3, 4], 'NCHW')).toThrow(/dataFormat 'NHWC'/);
    expect(run([2, 3, 4, 3], 'NHWC')).toThrow(ShapeError);
    const ints = tensor(new Int32Array(2 * 5 * 5 * 3), [2, 5, 5, 3], 'int32');
    const dy = tensor(new Float32Array(2 * 3 * 3 * 4), [2, 3, 3, 4]);
    const attrsNHWC = { ...attrs, dataFormat: 'NHWC' } as unknown as NamedAttrMap;
    expect(() => engine().runKernel(Conv2DBackpropFilter, { x: ints, dy }, attrsNHWC)).toThrow(
      /x of dtype float32/,
    );
    for (const t of [x, ints, dy]) t.dispose();
  });
});
