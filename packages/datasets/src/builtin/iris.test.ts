import { describe, expect, it } from 'vitest';
import { iris } from './iris.js';

describe('iris', () => {
  it('has 150 rows of 4 features and 50 flowers per species', () => {
    const data = iris();
    expect(data.count).toBe(150);
    expect(data.shape).toEqual([150, 4]);
    expect(data.features.length).toBe(600);
    expect(data.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.featureNames).toHaveLength(4);
    const perClass = [0, 0, 0];
    for (const label of data.labels) perClass[label]++;
    expect(perClass).toEqual([50, 50, 50]);
  });

  it('keeps the values of the CSV rows', () => {
    const { features, labels } = iris();
    // First and last data lines of iris.csv: 5.1,3.5,1.4,0.2,0 and 5.9,3.0,5.1,1.8,2.
    expect([...features.subarray(0, 4)]).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(labels[0]).toBe(0);
    expect([...features.subarray(596)]).toEqual([5.9, 3.0, 5.1, 1.8].map(Math.fround));
    expect(labels[149]).toBe(2);
  });
});
