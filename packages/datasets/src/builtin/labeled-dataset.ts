import { Dataset } from '../dataset.js';
import type { LabeledData } from './labeled-data.js';

/** One row of a {@link LabeledData}: its features and class id. */
export interface LabeledRow {
  xs: Float32Array;
  ys: number;
}

/**
 * A {@link LabeledData} (iris, digits, moons, …) as a `Dataset` of `{xs, ys}` rows, ready for
 * `shuffle`/`batch`; `xs` are views into `data.features`, not copies.
 * Shapes: after `.batch(b)`, `xs [b, features]` float32 and `ys [b]`.
 *
 * @example
 * const ds = labeledDataset(iris()).shuffle(150, { seed: 1 }).batch(16);
 */
export function labeledDataset(data: LabeledData): Dataset<LabeledRow> {
  const width = data.shape[1];
  return Dataset.fromGenerator(function* () {
    for (let i = 0; i < data.count; i++) {
      yield { xs: data.features.subarray(i * width, (i + 1) * width), ys: data.labels[i] };
    }
  });
}
