import {
  argMax,
  cast,
  formatShape,
  greater,
  reshape,
  ShapeError,
  type Tensor,
  type Tensor1D,
} from '@strata/core';
import {
  argMaxRows,
  expectSameShape,
  type HostArray,
  metricSubject,
  shapesMatch,
} from './metric-input.js';

/**
 * How classification metrics read `yTrue` and `yPred`, from their shapes:
 *
 * - `yPred` with a class axis (`[..., numClasses]`, `numClasses > 1`) holds scores
 *   (probabilities or logits); the predicted class is the arg max. `yTrue` is then one-hot
 *   (same shape) or integer labels (`[...]` or `[..., 1]`).
 * - `yPred` without one (`[batch]` or `[batch, 1]`) holds, for two classes, probabilities of
 *   class 1 (predicted 1 when `yPred > threshold`, so 0/1 labels work too), and for more
 *   classes integer labels.
 */
export interface ClassOptions {
  /**
   * The number of classes. Only needed for multi-class *label* predictions: a streaming
   * metric cannot read the labels to find it (it would need a read-back) and treats a
   * prediction without a class axis as binary unless `numClasses > 2`; pure functions infer
   * `max label + 1` when it is absent.
   */
  numClasses?: number;
  /** Binary predictions: class 1 when `yPred > threshold`. Default 0.5 (Keras). */
  threshold?: number;
}

/** What the shapes say about a classification batch. */
export interface ClassLayout {
  /** `yPred` has a class axis of scores. */
  scores: boolean;
  /** With scores: `yTrue` is one-hot rather than integer labels. */
  trueOneHot: boolean;
  /** The number of classes when the shapes or options fix it. */
  numClasses: number | undefined;
  /** The shape of the per-sample labels, e.g. `[batch]` or `[batch, time]`. */
  sampleShape: number[];
}

/** Reads the layout of a batch from the shapes alone; throws a `ShapeError` when they disagree. */
export function classLayout(
  name: string,
  trueShape: readonly number[],
  predShape: readonly number[],
  numClasses?: number,
): ClassLayout {
  const last = predShape[predShape.length - 1];
  if (predShape.length >= 2 && last > 1) {
    if (numClasses != null && numClasses !== last) {
      throw new ShapeError({
        subject: metricSubject(name),
        expected: `yPred with a last dimension of numClasses = ${numClasses}`,
        received: formatShape(predShape),
      });
    }
    const sampleShape = predShape.slice(0, -1);
    const trueOneHot = trueShape.length === predShape.length && shapesMatch(trueShape, predShape);
    if (!trueOneHot && !shapesMatch(trueShape, sampleShape)) {
      throw new ShapeError({
        subject: metricSubject(name),
        expected: `yTrue of shape ${formatShape(sampleShape)} (labels) or ${formatShape(predShape)} (one-hot) for yPred ${formatShape(predShape)}`,
        received: formatShape(trueShape),
      });
    }
    return { scores: true, trueOneHot, numClasses: last, sampleShape };
  }
  expectSameShape(name, trueShape, predShape);
  const sampleShape = predShape.length >= 2 ? predShape.slice(0, -1) : [...predShape];
  return { scores: false, trueOneHot: false, numClasses, sampleShape };
}

/** Class indices of a batch, one per sample, flattened. */
export interface HostClassIndices {
  trueIdx: Int32Array;
  predIdx: Int32Array;
  numClasses: number;
  sampleShape: number[];
}

function labelsOf(
  name: string,
  values: Float64Array,
  numClasses: number,
  what: string,
): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new ShapeError({
        subject: metricSubject(name),
        expected: `${what} as integer class labels in [0, ${numClasses})`,
        received: `${v} at index ${i}`,
      });
    }
    out[i] = v;
  }
  return out;
}

/** The number of classes label vectors imply: `max + 1` over both, at least 2. */
function inferNumClasses(yTrue: Float64Array, yPred: Float64Array): number {
  let n = 2;
  for (const v of yTrue) n = Math.max(n, v + 1);
  // Predictions count only when they are labels; probabilities of class 1 are not.
  if (yPred.every((v) => Number.isInteger(v) && v >= 0)) {
    for (const v of yPred) n = Math.max(n, v + 1);
  }
  return Number.isInteger(n) ? n : 2;
}

/** Host version: class indices of inputs read back (see `ClassOptions` for the rules). */
export function classIndicesHost(
  name: string,
  yTrue: HostArray,
  yPred: HostArray,
  { numClasses, threshold = 0.5 }: ClassOptions = {},
): HostClassIndices {
  const layout = classLayout(name, yTrue.shape, yPred.shape, numClasses);
  if (layout.scores) {
    const c = layout.numClasses as number;
    return {
      trueIdx: layout.trueOneHot
        ? argMaxRows(yTrue.values, c)
        : labelsOf(name, yTrue.values, c, 'yTrue'),
      predIdx: argMaxRows(yPred.values, c),
      numClasses: c,
      sampleShape: layout.sampleShape,
    };
  }
  const c = numClasses ?? inferNumClasses(yTrue.values, yPred.values);
  const predIdx =
    c > 2
      ? labelsOf(name, yPred.values, c, 'yPred')
      : Int32Array.from(yPred.values, (p) => (p > threshold ? 1 : 0));
  return {
    trueIdx: labelsOf(name, yTrue.values, c, 'yTrue'),
    predIdx,
    numClasses: c,
    sampleShape: layout.sampleShape,
  };
}

/** Class indices of a batch as int32 tensors of shape `[samples]`. */
export interface TensorClassIndices {
  trueIdx: Tensor1D;
  predIdx: Tensor1D;
  numClasses: number;
  sampleShape: number[];
}

/**
 * Device version, from shapes only (no read-back): without a class axis the batch is binary
 * unless `numClasses > 2`. Labels out of range count nowhere. Call inside `tidy`.
 */
export function classIndicesTensor(
  name: string,
  yTrue: Tensor,
  yPred: Tensor,
  { numClasses, threshold = 0.5 }: ClassOptions = {},
): TensorClassIndices {
  const layout = classLayout(name, yTrue.shape, yPred.shape, numClasses);
  const flat = (t: Tensor): Tensor1D => reshape(cast(t, 'int32'), [-1]);
  if (layout.scores) {
    return {
      trueIdx: flat(layout.trueOneHot ? argMax(yTrue, -1) : yTrue),
      predIdx: flat(argMax(yPred, -1)),
      numClasses: layout.numClasses as number,
      sampleShape: layout.sampleShape,
    };
  }
  const c = numClasses ?? 2;
  return {
    trueIdx: flat(yTrue),
    predIdx: flat(c > 2 ? yPred : greater(yPred, threshold)),
    numClasses: c,
    sampleShape: layout.sampleShape,
  };
}

/** Checks `[..., classes]` one-hot targets (or `[...]` labels when `sparse`) against scores. */
export function expectClassAxis(
  name: string,
  trueShape: readonly number[],
  predShape: readonly number[],
  sparse: boolean,
): number[] {
  const sampleShape = predShape.slice(0, -1);
  const ok =
    predShape.length >= 1 &&
    (sparse
      ? shapesMatch(trueShape, sampleShape)
      : trueShape.length === predShape.length && shapesMatch(trueShape, predShape));
  if (!ok) {
    throw new ShapeError({
      subject: metricSubject(name),
      expected: sparse
        ? `yTrue labels of shape ${formatShape(sampleShape)} for yPred ${formatShape(predShape)}`
        : `one-hot yTrue of the shape of yPred ${formatShape(predShape)}`,
      received: formatShape(trueShape),
    });
  }
  return sampleShape;
}
