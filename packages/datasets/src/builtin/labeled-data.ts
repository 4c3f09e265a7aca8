/**
 * A labelled data set as plain typed arrays: `features` row-major `[count, ...shape.slice(1)]`,
 * one integer class id per row in `labels`.
 */
export interface LabeledData {
  /** Row-major feature values, `count × featureNames.length`. */
  features: Float32Array;
  /** The class id of each row, in [0, classNames.length). */
  labels: Int32Array;
  /** The number of rows. */
  count: number;
  /** The names of the feature columns. */
  featureNames: string[];
  /** The class names, indexed by class id. */
  classNames: string[];
  /** The shape of `features`: `[count, features]`. */
  shape: [number, number];
}
