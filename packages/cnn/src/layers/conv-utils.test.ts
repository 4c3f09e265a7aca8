import { ConfigError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { type ConvOptions, parseConvConfig } from './conv-utils.js';

describe('parseConvConfig', () => {
  it('normalises the per-axis options to one entry per axis, with the Keras defaults', () => {
    expect(parseConvConfig('c', { filters: 4, kernelSize: 3 }, 2)).toEqual({
      filters: 4,
      kernelSize: [3, 3],
      strides: [1, 1],
      dilationRate: [1, 1],
      padding: 'valid',
    });
    expect(
      parseConvConfig('c', { filters: 2, kernelSize: [5], dilationRate: 2, padding: 'same' }, 1),
    ).toEqual({ filters: 2, kernelSize: [5], strides: [1], dilationRate: [2], padding: 'same' });
  });

  it('skips filters and dilationRate for layers without them', () => {
    const config = { kernelSize: [2, 3], strides: 2, dilationRate: 3 };
    expect(parseConvConfig('dw', config, 2, { filters: false, dilation: false })).toEqual({
      filters: 0,
      kernelSize: [2, 3],
      strides: [2, 2],
      dilationRate: [1, 1],
      padding: 'valid',
    });
  });

  it('refuses in the order dataFormat, filters, kernelSize, strides, dilationRate, padding', () => {
    const bad: ConvOptions = {
      dataFormat: 'channelsFirst' as never,
      filters: 0,
      kernelSize: 0,
      strides: 0,
      dilationRate: 0,
      padding: 'full' as never,
    };
    const expected = [
      /<Layer 'c'>: expected dataFormat 'channelsLast'.*Received: "channelsFirst"/,
      /<Layer 'c'>: expected filters, a positive integer\. Received: 0/,
      /<Layer 'c'>: expected kernelSize, an integer or 2 integers ≥ 1\. Received: 0/,
      /<Layer 'c'>: expected strides, an integer or 2 integers ≥ 1\. Received: 0/,
      /<Layer 'c'>: expected dilationRate, an integer or 2 integers ≥ 1\. Received: 0/,
      /<Layer 'c'>: expected padding 'same' or 'valid'\. Received: 'full'/,
    ];
    const fixes: Partial<ConvOptions>[] = [
      { dataFormat: undefined },
      { filters: 1 },
      { kernelSize: 3 },
      { strides: 2 },
      { dilationRate: 1 },
    ];
    let config = { ...bad };
    for (const [i, message] of expected.entries()) {
      expect(() => parseConvConfig('c', config, 2)).toThrow(ConfigError);
      expect(() => parseConvConfig('c', config, 2)).toThrow(message);
      config = { ...config, ...fixes[i] };
    }
    expect(() =>
      parseConvConfig('c', { filters: 1, kernelSize: 3, strides: 2, dilationRate: 2 }, 2),
    ).toThrow(/expected strides of 1 when dilationRate > 1/);
  });
});
