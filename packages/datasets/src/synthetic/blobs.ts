import { ConfigError, randomStream } from '@strata/core';
import type { LabeledData } from '../builtin/labeled-data.js';
import { checkCount, packPoints } from './points.js';

/** Options of {@link blobs}. */
export interface BlobsOptions {
  /** Number of points, shared evenly between the centers (the first ones get the remainder). Default 100. */
  n?: number;
  /** The number of centers, drawn uniform in `centerBox`, or the centers themselves. Default 3. */
  centers?: number | readonly (readonly number[])[];
  /** Features per point when `centers` is a number. Default 2. */
  numFeatures?: number;
  /** Standard deviation of each cluster (one for all or one per center). Default 1. */
  clusterStd?: number | readonly number[];
  /** The range of random centers. Default `[-10, 10]`. */
  centerBox?: readonly [number, number];
  /** Shuffle the points (else cluster by cluster). Default `true`. */
  shuffle?: boolean;
  /** Seed; the same seed gives the same points. */
  seed?: number;
}

/** {@link blobs} data: {@link LabeledData} plus the centers used. */
export interface BlobsData extends LabeledData {
  /** The cluster centers, `[numCenters][numFeatures]`. */
  centers: number[][];
}

/**
 * Isotropic Gaussian clusters, as scikit-learn's `make_blobs`: class `k` holds points drawn
 * from N(center_k, clusterStd_k² I). Shapes: `features [n, numFeatures]`, `labels [n]`.
 *
 * @example
 * const { features, labels, centers } = blobs({ n: 300, centers: 4, clusterStd: 0.8, seed: 2 });
 */
export function blobs(options: BlobsOptions = {}): BlobsData {
  const { n = 100, clusterStd = 1, centerBox = [-10, 10], shuffle = true, seed } = options;
  checkCount('blobs', 'n', n);
  const rng = randomStream(seed);
  let centers: number[][];
  if (typeof options.centers === 'number' || options.centers === undefined) {
    const k = options.centers ?? 3;
    const numFeatures = options.numFeatures ?? 2;
    checkCount('blobs', 'numFeatures', numFeatures);
    if (!Number.isInteger(k) || k < 1) {
      throw new ConfigError({ subject: 'blobs', expected: 'centers ≥ 1', received: String(k) });
    }
    const [low, high] = centerBox;
    centers = Array.from({ length: k }, () =>
      Array.from({ length: numFeatures }, () => low + (high - low) * rng.next()),
    );
  } else {
    centers = options.centers.map((c) => [...c]);
    const width = centers[0]?.length ?? 0;
    if (centers.length === 0 || centers.some((c) => c.length !== width)) {
      throw new ConfigError({
        subject: 'blobs',
        expected: 'centers as one or more points of equal length',
        received: JSON.stringify(options.centers),
      });
    }
  }
  const k = centers.length;
  const numFeatures = centers[0].length;
  const stds = typeof clusterStd === 'number' ? new Array<number>(k).fill(clusterStd) : clusterStd;
  if (stds.length !== k || stds.some((s) => !(s >= 0))) {
    throw new ConfigError({
      subject: 'blobs',
      expected: `clusterStd a number ≥ 0 or ${k} of them`,
      received: JSON.stringify(clusterStd),
    });
  }
  const points = new Float64Array(n * numFeatures);
  const labels = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < k; c++) {
    const size = Math.floor(n / k) + (c < n % k ? 1 : 0);
    for (let i = 0; i < size; i++, row++) {
      labels[row] = c;
      for (let j = 0; j < numFeatures; j++) {
        points[row * numFeatures + j] = centers[c][j] + stds[c] * rng.nextNormal();
      }
    }
  }
  const classNames = centers.map((_, c) => String(c));
  return { ...packPoints(points, labels, numFeatures, classNames, shuffle ? rng : null), centers };
}
