/**
 * Scores a trained classifier on held-out data — accuracy, the confusion matrix, and
 * scikit-learn's per-class report — and prints them.
 */
import { argMax, greater, reshape, type Tensor, tidy } from '@strata/core';
import type { Model } from '@strata/layers';
import { classificationReport, confusionMatrix } from '@strata/metrics';

/** How a classifier did on a test set. */
export interface ClassifierScores {
  /** Fraction of test samples classified correctly. */
  accuracy: number;
  /** `matrix[i][j]`: test samples of true class `i` predicted as `j`. */
  confusion: number[][];
  /** Per class: precision, recall, F1, support (indexed by class). */
  perClass: { precision: number; recall: number; f1: number; support: number }[];
  /** scikit-learn's `classification_report` table. */
  reportText: string;
  /** The number of test samples. */
  count: number;
}

/**
 * Predicts `xs` in batches and compares with `labels`. A model with one sigmoid output is
 * read as binary (class 1 when the probability is above 0.5), else the arg max is the class.
 *
 * Shapes: `xs` `[count, ...]`; `labels` `count` class indices.
 */
export async function scoreClassifier(
  model: Model,
  xs: Tensor,
  labels: ArrayLike<number>,
  classNames: readonly string[],
  batchSize = 256,
): Promise<ClassifierScores> {
  const predicted = tidy(() => {
    const scores = model.predict(xs, { batchSize }) as Tensor;
    const last = scores.shape[scores.shape.length - 1];
    return last === 1 ? reshape(greater(scores, 0.5), [-1]) : argMax(scores, -1);
  });
  const yPred = Array.from(await predicted.data());
  predicted.dispose();
  const yTrue = Array.from(labels);
  const numClasses = classNames.length;
  const confusion = await confusionMatrix(yTrue, yPred, { numClasses });
  const report = await classificationReport(yTrue, yPred, {
    numClasses,
    targetNames: classNames,
    digits: 3,
  });
  const perClass = classNames.map((_, k) => {
    const row = report.classes.find((r) => r.classIndex === k);
    return row ?? { precision: 0, recall: 0, f1: 0, support: 0 };
  });
  const correct = confusion.reduce((s, row, i) => s + row[i], 0);
  return {
    accuracy: correct / yTrue.length,
    confusion,
    perClass: perClass.map(({ precision, recall, f1, support }) => ({
      precision,
      recall,
      f1,
      support,
    })),
    reportText: report.text,
    count: yTrue.length,
  };
}

/**
 * The confusion matrix as a text table, rows = true class, columns = predicted class, each
 * column headed by the class index (the row labels give the names).
 *
 * @example
 * formatConfusionMatrix([[5, 1], [0, 7]], ['ham', 'spam']);
 */
export function formatConfusionMatrix(
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
): string {
  const labels = classNames.map((name, i) => `${i} ${name}`);
  const labelWidth = Math.max(...labels.map((l) => l.length), 'true \\ predicted'.length);
  const cellWidth = Math.max(4, ...matrix.flat().map((v) => String(v).length + 1));
  const header = `${'true \\ predicted'.padEnd(labelWidth)} ${matrix
    .map((_, j) => String(j).padStart(cellWidth))
    .join('')}`;
  const rows = matrix.map(
    (row, i) =>
      `${labels[i].padEnd(labelWidth)} ${row.map((v) => String(v).padStart(cellWidth)).join('')}`,
  );
  return [header, ...rows].join('\n');
}

/** Prints accuracy, the confusion matrix and the per-class report. */
export function printClassifierScores(
  title: string,
  scores: ClassifierScores,
  classNames: readonly string[],
): void {
  console.log(`\n${title}: accuracy ${(scores.accuracy * 100).toFixed(2)} % on ${scores.count}`);
  console.log('\nConfusion matrix:');
  console.log(formatConfusionMatrix(scores.confusion, classNames));
  console.log(`\n${scores.reportText}`);
}
