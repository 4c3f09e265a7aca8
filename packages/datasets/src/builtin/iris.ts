import { IRIS_CSV } from './iris-data.js';
import type { LabeledData } from './labeled-data.js';

/**
 * Fisher's iris data (scikit-learn's copy, shipped in the package): 150 flowers, 4
 * measurements in cm, 3 species with 50 flowers each, in the file's order.
 * Shapes: `features [150, 4]`, `labels [150]`.
 *
 * @example
 * const { features, labels, shape } = iris();
 * const xs = tensor2d(features, shape);
 * const ys = oneHot(labels, 3);
 */
export function iris(): LabeledData {
  const lines = IRIS_CSV.split('\n');
  const [countField, featureField, ...classNames] = lines[0].split(',');
  const count = Number(countField);
  const numFeatures = Number(featureField);
  const features = new Float32Array(count * numFeatures);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const fields = lines[i + 1].split(',');
    for (let j = 0; j < numFeatures; j++) features[i * numFeatures + j] = Number(fields[j]);
    labels[i] = Number(fields[numFeatures]);
  }
  return {
    features,
    labels,
    count,
    featureNames: [
      'sepal length (cm)',
      'sepal width (cm)',
      'petal length (cm)',
      'petal width (cm)',
    ],
    classNames,
    shape: [count, numFeatures],
  };
}
