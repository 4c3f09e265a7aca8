import { describe, expect, it } from 'vitest';
import { digits } from './digits.js';

describe('digits', () => {
  it('has 1,797 images of 8 × 8 integer pixels in 0–16', () => {
    const data = digits();
    expect(data.count).toBe(1797);
    expect(data.shape).toEqual([1797, 64]);
    expect(data.imageShape).toEqual([8, 8]);
    expect(data.features.length).toBe(1797 * 64);
    let min = 16;
    let max = 0;
    let nonIntegers = 0;
    for (const v of data.features) {
      if (!Number.isInteger(v)) nonIntegers++;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(nonIntegers).toBe(0);
    expect([min, max]).toEqual([0, 16]);
  });

  it('has the class counts of the real file', () => {
    const perClass = new Array(10).fill(0);
    for (const label of digits().labels) perClass[label]++;
    expect(perClass).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it('keeps the first row of digits.csv', () => {
    const { features, labels } = digits();
    expect([...features.subarray(0, 64)]).toEqual([
      0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0,
      8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6,
      13, 10, 0, 0, 0,
    ]);
    expect(labels[0]).toBe(0);
  });
});
