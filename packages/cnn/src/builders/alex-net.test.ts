import { ConfigError, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { alexNet } from './alex-net.js';

describe('alexNet', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("has the paper's 62,378,344 parameters on 227×227×3 with 1000 classes", () => {
    const m = alexNet({ inputShape: [227, 227, 3] });
    const rows = m.summaryRows();
    // conv1 11·11·3·96 + 96; conv2 5·5·96·256 + 256; conv3 3·3·256·384 + 384;
    // conv4 3·3·384·384 + 384; conv5 3·3·384·256 + 256; fc6 (6·6·256)·4096 + 4096;
    // fc7 4096·4096 + 4096; predictions 4096·1000 + 1000.
    expect(rows.filter((r) => r.params > 0).map((r) => [r.name, r.params])).toEqual([
      ['conv1', 34944],
      ['conv2', 614656],
      ['conv3', 885120],
      ['conv4', 1327488],
      ['conv5', 884992],
      ['fc6', 37752832],
      ['fc7', 16781312],
      ['predictions', 4097000],
    ]);
    expect(m.countParams()).toBe(62378344);
    expect(rows.map((r) => [r.name, r.outputShape])).toEqual([
      ['conv1', [null, 55, 55, 96]],
      ['pool1', [null, 27, 27, 96]],
      ['conv2', [null, 27, 27, 256]],
      ['pool2', [null, 13, 13, 256]],
      ['conv3', [null, 13, 13, 384]],
      ['conv4', [null, 13, 13, 384]],
      ['conv5', [null, 13, 13, 256]],
      ['pool5', [null, 6, 6, 256]],
      ['flatten', [null, 9216]],
      ['dropout6', [null, 9216]],
      ['fc6', [null, 4096]],
      ['dropout7', [null, 4096]],
      ['fc7', [null, 4096]],
      ['predictions', [null, 1000]],
    ]);
    expect(m.name).toBe('alexnet');
    m.dispose();
  });

  it('scales widths by widthScale: 474,234 parameters on 32×32×3 at 1/8 with 10 classes', () => {
    // Widths 12, 32, 48, 48, 32, 512, 512; conv1 3×3 stride 1 'same' (small input).
    // 32 → pool 15 → pool 7 → pool 3: flatten 3·3·32 = 288.
    // 3·3·3·12+12 = 336; 5·5·12·32+32 = 9,632; 3·3·32·48+48 = 13,872; 3·3·48·48+48 = 20,784;
    // 3·3·48·32+32 = 13,856; 288·512+512 = 147,968; 512·512+512 = 262,656; 512·10+10 = 5,130.
    const m = alexNet({ inputShape: [32, 32, 3], classes: 10, widthScale: 1 / 8 });
    expect(m.countParams()).toBe(474234);
    const rows = m.summaryRows();
    expect(rows.find((r) => r.name === 'pool5')?.outputShape).toEqual([null, 3, 3, 32]);
    m.dispose();
    const tiny = alexNet({ inputShape: [8, 8, 1], classes: 2, widthScale: 0.001, dropout: 0 });
    // The conv widths round to the minimum of 1, the dense ones to 4; 8 → 3 → 1, no pool5.
    expect(tiny.summaryRows().map((r) => [r.name, r.outputShape])).toEqual([
      ['conv1', [null, 8, 8, 1]],
      ['pool1', [null, 3, 3, 1]],
      ['conv2', [null, 3, 3, 1]],
      ['pool2', [null, 1, 1, 1]],
      ['conv3', [null, 1, 1, 1]],
      ['conv4', [null, 1, 1, 1]],
      ['conv5', [null, 1, 1, 1]],
      ['flatten', [null, 1]],
      ['fc6', [null, 4]],
      ['fc7', [null, 4]],
      ['predictions', [null, 2]],
    ]);
    tiny.dispose();
  });

  it('builds for 28×28, 64×64 and 100×80 inputs, leaving out pools whose window no longer fits', () => {
    const last = (inputShape: [number, number, number]) => {
      const m = alexNet({ inputShape, classes: 3, widthScale: 1 / 32 });
      const rows = m.summaryRows();
      const names = rows.map((r) => r.name);
      const flat = rows.find((r) => r.name === 'flatten')?.outputShape;
      const out = rows[rows.length - 1].outputShape;
      m.dispose();
      return { names, flat, out };
    };
    // 28: 28 → pool1 13 → pool2 6 → pool5 2; conv5's width is 256 / 32 = 8.
    expect(last([28, 28, 1])).toMatchObject({ flat: [null, 2 * 2 * 8], out: [null, 3] });
    expect(last([28, 28, 1]).names).toContain('pool5');
    // 64: the paper's first layer, ⌊(64 − 11)/4⌋ + 1 = 14 → pool1 6 → pool2 2 → no pool5.
    expect(last([64, 64, 3])).toMatchObject({ flat: [null, 2 * 2 * 8] });
    expect(last([64, 64, 3]).names).not.toContain('pool5');
    // 100×80: 23×18 → pool1 11×8 → pool2 5×3 → pool5 2×1.
    expect(last([100, 80, 3])).toMatchObject({ flat: [null, 2 * 1 * 8] });
  });

  it('refuses bad options, naming alexNet', () => {
    expect(() => alexNet({} as never)).toThrow(
      '<alexNet>: expected inputShape [height, width, channels] of positive integers. Received: undefined.',
    );
    expect(() => alexNet({ inputShape: [32, 32, 3], widthScale: 0 })).toThrow(
      '<alexNet>: expected widthScale, a finite number > 0. Received: 0.',
    );
    expect(() => alexNet({ inputShape: [32, 32, 3], dropout: 1 })).toThrow(
      '<alexNet>: expected dropout in [0, 1). Received: 1.',
    );
    expect(() => alexNet({ inputShape: [32, 32, 3], classes: 2.5 })).toThrow(ConfigError);
  });
});
