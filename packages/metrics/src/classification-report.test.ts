import { ConfigError, tensor1d, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { classificationReport, formatFixed } from './classification-report.js';

describe('classificationReport', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("prints scikit-learn's example table exactly", async () => {
    // scikit-learn classification_report docs.
    const report = await classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], {
      targetNames: ['class 0', 'class 1', 'class 2'],
    });
    expect(report.text).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '     class 0       0.50      1.00      0.67         1',
        '     class 1       0.00      0.00      0.00         1',
        '     class 2       1.00      0.67      0.80         3',
        '',
        '    accuracy                           0.60         5',
        '   macro avg       0.50      0.56      0.49         5',
        'weighted avg       0.70      0.60      0.61         5',
        '',
      ].join('\n'),
    );
  });

  it('returns the same numbers as data', async () => {
    const report = await classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]);
    expect(report.classes.map((r) => r.label)).toEqual(['0', '1', '2']);
    expect(report.classes[0]).toMatchObject({
      classIndex: 0,
      precision: 0.5,
      recall: 1,
      support: 1,
    });
    expect(report.classes[0].f1).toBeCloseTo(2 / 3, 12);
    expect(report.classes[2].recall).toBeCloseTo(2 / 3, 12);
    expect(report.accuracy).toBeCloseTo(0.6, 12);
    expect(report.macroAvg.precision).toBeCloseTo(0.5, 12);
    expect(report.macroAvg.recall).toBeCloseTo(5 / 9, 12);
    expect(report.macroAvg.f1).toBeCloseTo((2 / 3 + 0 + 0.8) / 3, 12);
    expect(report.weightedAvg.precision).toBeCloseTo(0.7, 12);
    expect(report.weightedAvg.f1).toBeCloseTo((2 / 3 + 3 * 0.8) / 5, 12);
    expect(report.weightedAvg.support).toBe(5);
  });

  it('reads binary probabilities and lists only classes that occur', async () => {
    const report = await classificationReport(
      tensor1d([0, 1, 1, 0]),
      tensor1d([0.2, 0.8, 0.4, 0.1]),
    );
    expect(report.classes.map((r) => [r.label, r.precision, r.recall, r.support])).toEqual([
      ['0', 2 / 3, 1, 2],
      ['1', 1, 0.5, 2],
    ]);
    // Scores over 4 classes where class 3 never occurs: three rows.
    const scores = [
      [0.7, 0.1, 0.1, 0.1],
      [0.1, 0.7, 0.1, 0.1],
      [0.1, 0.1, 0.7, 0.1],
    ];
    const three = await classificationReport([0, 1, 2], scores, { digits: 3 });
    expect(three.classes).toHaveLength(3);
    expect(three.text.split('\n')[2]).toBe('           0      1.000     1.000     1.000         1');
  });

  it('rejects too few target names', async () => {
    await expect(
      classificationReport([0, 1, 2], [0, 1, 2], { targetNames: ['a', 'b'] }),
    ).rejects.toThrow(ConfigError);
  });
});

describe('formatFixed', () => {
  it("rounds exact binary ties to even, as Python's format does", () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(-0.125, 2)).toBe('-0.12');
    // 0.615 and 1.005 are below their decimal forms in binary: no tie.
    expect(formatFixed(0.615, 2)).toBe('0.61');
    expect(formatFixed(1.005, 2)).toBe('1.00');
    expect(formatFixed(2 / 3, 2)).toBe('0.67');
  });
});
