import { ConfigError } from '@strata/core';
import type { ClassOptions } from './class-labels.js';
import { confusionCounts, countsOfMatrix } from './confusion-matrix.js';
import {
  type MetricInput,
  metricSubject,
  readInputs,
  type SampleWeightOption,
} from './metric-input.js';
import { averageScore, scoresOfCounts } from './precision-recall.js';

/** One row of a classification report. */
export interface ReportRow {
  precision: number;
  recall: number;
  f1: number;
  /** Weighted count of true samples (for the averages: all of them). */
  support: number;
}

/** A per-class row: the class index and its display name. */
export interface ClassReportRow extends ReportRow {
  classIndex: number;
  label: string;
}

/** scikit-learn's `classification_report` as data, plus its text table. */
export interface ClassificationReport {
  /** One row per class that occurs in `yTrue` or `yPred`, in class order. */
  classes: ClassReportRow[];
  /** Fraction of samples classified correctly (micro-averaged F1). */
  accuracy: number;
  /** Unweighted mean over the listed classes. */
  macroAvg: ReportRow;
  /** Mean weighted by support. */
  weightedAvg: ReportRow;
  /** The table as scikit-learn prints it. */
  text: string;
}

/** Options of `classificationReport`. */
export interface ClassificationReportOptions extends ClassOptions, SampleWeightOption {
  /** Display names by class index (default: the index). */
  targetNames?: readonly string[];
  /** Decimal places in the text. Default 2. */
  digits?: number;
}

/**
 * `x.toFixed(digits)` with Python's rounding: a value exactly half-way (in binary) goes to
 * the even digit, so that 0.125 prints as 0.12, as in scikit-learn's table.
 */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x.toFixed(digits);
  // toFixed(100) is the exact decimal expansion of every double with ≤ 100 fractional digits.
  const exact = Math.abs(x).toFixed(100);
  const cut = exact.indexOf('.') + digits + 1;
  if (!/^50*$/.test(exact.slice(cut))) return x.toFixed(digits);
  const truncated = exact.slice(0, cut);
  const lastDigit = Number(truncated[truncated.length - (digits > 0 ? 1 : 2)]);
  const magnitude = lastDigit % 2 === 0 ? Number(truncated) : Number(truncated) + 10 ** -digits;
  return `${x < 0 ? '-' : ''}${magnitude.toFixed(digits)}`;
}

function textTable(report: Omit<ClassificationReport, 'text'>, digits: number): string {
  const width = Math.max(
    ...report.classes.map((r) => r.label.length),
    'weighted avg'.length,
    digits,
  );
  const cell = (s: string) => ` ${s.padStart(9)}`;
  const row = (label: string, r: ReportRow) =>
    `${label.padStart(width)} ${cell(formatFixed(r.precision, digits))}${cell(formatFixed(r.recall, digits))}${cell(formatFixed(r.f1, digits))}${cell(String(r.support))}\n`;
  let text = `${''.padStart(width)} ${['precision', 'recall', 'f1-score', 'support'].map(cell).join('')}\n\n`;
  for (const r of report.classes) text += row(r.label, r);
  text += '\n';
  const total = report.macroAvg.support;
  text += `${'accuracy'.padStart(width)} ${cell('')}${cell('')}${cell(formatFixed(report.accuracy, digits))}${cell(String(total))}\n`;
  text += row('macro avg', report.macroAvg);
  text += row('weighted avg', report.weightedAvg);
  return text;
}

/**
 * Precision, recall, F1 and support per class, with accuracy and the macro and weighted
 * averages, as data and as scikit-learn's text table (`classification_report`,
 * `zero_division=0`). Classes are those that occur in `yTrue` or `yPred`.
 *
 * Shapes: as `confusionMatrix`.
 *
 * @example
 * const report = await classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], {
 *   targetNames: ['class 0', 'class 1', 'class 2'],
 * });
 * console.log(report.text);
 * //               precision    recall  f1-score   support
 * //
 * //      class 0       0.50      1.00      0.67         1
 * //      class 1       0.00      0.00      0.00         1
 * //      class 2       1.00      0.67      0.80         3
 * //
 * //     accuracy                           0.60         5
 * //    macro avg       0.50      0.56      0.49         5
 * // weighted avg       0.70      0.60      0.61         5
 */
export async function classificationReport(
  yTrue: MetricInput,
  yPred: MetricInput,
  { targetNames, digits = 2, sampleWeight, ...classOptions }: ClassificationReportOptions = {},
): Promise<ClassificationReport> {
  const name = 'classification_report';
  const [t, p, w] = await readInputs(name, yTrue, yPred, sampleWeight);
  const counts = countsOfMatrix(confusionCounts(name, t, p, w, classOptions));
  if (targetNames != null && targetNames.length < counts.tp.length) {
    throw new ConfigError({
      subject: metricSubject(name),
      expected: `targetNames for all ${counts.tp.length} classes`,
      received: `${targetNames.length} names`,
    });
  }
  const scores = scoresOfCounts(counts);
  const classes: ClassReportRow[] = [];
  counts.tp.forEach((_, c) => {
    if (counts.predicted[c] === 0 && counts.actual[c] === 0) return;
    classes.push({
      classIndex: c,
      label: targetNames?.[c] ?? String(c),
      precision: scores.precision[c],
      recall: scores.recall[c],
      f1: scores.f1[c],
      support: scores.support[c],
    });
  });
  const total = counts.actual.reduce((s, v) => s + v, 0);
  const avg = (average: 'macro' | 'weighted'): ReportRow => ({
    precision: averageScore(name, counts, 'precision', { average }),
    recall: averageScore(name, counts, 'recall', { average }),
    f1: averageScore(name, counts, 'f1', { average }),
    support: total,
  });
  const data = {
    classes,
    accuracy: averageScore(name, counts, 'f1', { average: 'micro' }),
    macroAvg: avg('macro'),
    weightedAvg: avg('weighted'),
  };
  return { ...data, text: textTable(data, digits) };
}
