import {
  ConfigError,
  Conv2DBackpropFilter,
  conv2d,
  engine,
  mul,
  type NamedAttrMap,
  ShapeError,
  sum,
  type Tensor4D,
  tensor,
  tidy,
} from '@strata/core';
import { useTestBackend } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConvGeometry, convData, viaBackpropKernels } from '../testing/conv-geometry.js';

// What the wasm conv gradient kernels do beyond tfjs's own (dilations) and how they refuse
// what they cannot do. Agreement with cpu is in conv2d-backprop.test.ts.

beforeAll(async () => {
  await useTestBackend('wasm');
});

describe('wasm conv gradient kernels beyond tfjs', () => {
  it('support dilations: <dy, conv(x, W)> = <dW, W> = <dx, x> for random x, W, dy', () => {
    const g: ConvGeometry = {
      x: [2, 9, 8, 3],
      w: [3, 2, 3, 4],
      strides: 1,
      pad: 'same',
      dilations: [2, 3],
    };
    const d = convData(g, 9);
    const [lhs, viaW, viaX] = tidy(() => {
      const x = tensor(d.x, g.x) as Tensor4D;
      const w = tensor(d.w, g.w) as Tensor4D;
      const y = conv2d(x, w, 1, 'same', 'NHWC', [2, 3]);
      const dy = tensor(d.dy, d.dyShape);
      const [dx, dw] = viaBackpropKernels(g, d);
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
