import {
  Conv2DBackpropFilter,
  conv2d,
  grad,
  type KernelConfig,
  mul,
  RandomStream,
  type Tensor,
  type Tensor4D,
  tensor,
  tidy,
  useBackend,
} from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONV_GEOMETRIES,
  type ConvData,
  type ConvGeometry,
  convData,
  dilated,
  keepStockKernels,
  naiveConvGrads,
  CONV_TOL as TOL,
  viaBackpropFilter,
} from '../testing/conv-geometry.js';

/** dW by the definition, `Σ_{b, oy, ox} x[b, oy·s + ky·d − pad, …, c] · dy[b, oy, ox, o]`. */
const naive = (g: ConvGeometry, d: ConvData) => naiveConvGrads(g, d)[1];

let theirs: (name: string) => KernelConfig | undefined = () => undefined;

beforeAll(async () => {
  // tfjs-cpu's own kernel, kept before useBackend replaces it.
  theirs = await keepStockKernels('cpu', [Conv2DBackpropFilter]);
  await useBackend('cpu');
});

describe('cpu Conv2DBackpropFilter', () => {
  it('useBackend("cpu") reports it among the kernels it registered', async () => {
    expect((await useBackend('cpu')).kernelGaps).toContain(Conv2DBackpropFilter);
    expect(theirs(Conv2DBackpropFilter)).toBeDefined();
  });

  for (const [name, g] of dilated(CONV_GEOMETRIES, false)) {
    it(`agrees with tfjs-cpu's own kernel and the definition: ${name}`, async () => {
      const d = convData(g, name.length);
      const ours = tidy(() => viaBackpropFilter(g, d));
      await expectTensorsClose(ours, naive(g, d), TOL);
      const stock = theirs(Conv2DBackpropFilter);
      if (stock != null) {
        const ref = tidy(() => viaBackpropFilter(g, d, stock));
        await expectTensorsClose(ours, ref, TOL);
        ref.dispose();
      }
      ours.dispose();
    });
  }

  for (const [name, g] of dilated(CONV_GEOMETRIES, true)) {
    it(`takes dilations, which tfjs's kernel ignores: ${name}`, async () => {
      const d = convData(g, name.length);
      const ours = tidy(() => viaBackpropFilter(g, d));
      await expectTensorsClose(ours, naive(g, d), TOL);
      ours.dispose();
    });
  }

  it('is the gradient of conv2d', async () => {
    const g = CONV_GEOMETRIES['batch 3, 3→4, 3×2, stride 2, same, odd sizes'];
    const d = convData(g, 9);
    const dw = tidy(() =>
      grad((w: Tensor) =>
        mul(
          conv2d(tensor(d.x, g.x) as Tensor4D, w as Tensor4D, 2, 'same'),
          tensor(d.dy, d.dyShape),
        ),
      )(tensor(new RandomStream(3).normalArray(3 * 2 * 3 * 4), g.w)),
    );
    await expectTensorsClose(dw, naive(g, d), TOL);
    dw.dispose();
  });

  it('returns zeros for an empty batch and leaks nothing', async () => {
    const g: ConvGeometry = { x: [0, 5, 5, 2], w: [3, 3, 2, 3], strides: 1, pad: 'same' };
    const dw = tidy(() => viaBackpropFilter(g, convData(g, 1)));
    await expectTensorsClose(dw, new Float32Array(3 * 3 * 2 * 3));
    dw.dispose();
    const small = CONV_GEOMETRIES['batch 2, 1→4, 3×3, stride 1, same'];
    const d = convData(small, 1);
    await expectNoLeaks(() => {
      tidy(() => viaBackpropFilter(small, d)).dispose();
    });
  });
});
