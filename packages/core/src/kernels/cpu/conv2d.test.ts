import {
  Conv2D,
  Conv2DBackpropInput,
  conv2d,
  conv2dTranspose,
  grad,
  type KernelConfig,
  mul,
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
  convData,
  keepStockKernels,
  CONV_TOL as TOL,
  viaBackpropInput,
  viaConv2D,
} from '../testing/conv-geometry.js';

/** tfjs-cpu's kernel when this file caught it before it was replaced. */
let theirs: (name: string) => KernelConfig | undefined = () => undefined;

beforeAll(async () => {
  // tfjs-cpu's own kernels, kept before useBackend replaces them.
  theirs = await keepStockKernels('cpu', [Conv2D, Conv2DBackpropInput]);
  await useBackend('cpu');
});

describe('cpu Conv2D and Conv2DBackpropInput agree with tfjs-cpu', () => {
  it('useBackend("cpu") reports both among the kernels it registered', async () => {
    const info = await useBackend('cpu');
    expect(info.kernelGaps).toEqual(expect.arrayContaining([Conv2D, Conv2DBackpropInput]));
    expect(theirs(Conv2D)).toBeDefined();
  });

  for (const [name, g] of Object.entries(CONV_GEOMETRIES)) {
    it(`Conv2D: ${name}`, async () => {
      const d = convData(g, name.length);
      const [ours, ref] = tidy(() => [viaConv2D(g, d), viaConv2D(g, d, theirs(Conv2D))]);
      await expectTensorsClose(ours, ref, TOL);
      ours.dispose();
      ref.dispose();
    });
    if (g.dilations != null) continue; // tfjs-cpu's Conv2DBackpropInput has no dilations
    it(`Conv2DBackpropInput: ${name}`, async () => {
      const d = convData(g, name.length);
      const [ours, ref] = tidy(() => [
        viaBackpropInput(g, d),
        viaBackpropInput(g, d, theirs(Conv2DBackpropInput)),
      ]);
      await expectTensorsClose(ours, ref, TOL);
      ours.dispose();
      ref.dispose();
    });
  }

  it('conv2d gradients and conv2dTranspose go through them', async () => {
    const g = CONV_GEOMETRIES['batch 3, 3→4, 3×2, stride 2, same, odd sizes'];
    const d = convData(g, 4);
    const dx = tidy(() =>
      grad((x: Tensor) =>
        mul(
          conv2d(x as Tensor4D, tensor(d.w, g.w) as Tensor4D, 2, 'same'),
          tensor(d.dy, d.dyShape),
        ),
      )(tensor(d.x, g.x)),
    );
    const ref = tidy(() => viaBackpropInput(g, d, theirs(Conv2DBackpropInput)));
    await expectTensorsClose(dx, ref, TOL);
    const t = tidy(() =>
      conv2dTranspose(
        tensor(d.dy, d.dyShape) as Tensor4D,
        tensor(d.w, g.w) as Tensor4D,
        g.x,
        2,
        'same',
      ),
    );
    await expectTensorsClose(t, ref, TOL);
    for (const x of [dx, ref, t]) x.dispose();
  });

  it('leaks nothing', async () => {
    const g = CONV_GEOMETRIES['batch 2, 1→4, 3×3, stride 1, same'];
    const d = convData(g, 1);
    await expectNoLeaks(() => {
      for (const t of tidy(() => [viaConv2D(g, d), viaBackpropInput(g, d)])) t.dispose();
    });
  });
});
