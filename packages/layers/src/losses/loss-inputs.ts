import {
  cast,
  expandDims,
  formatShape,
  mean,
  ShapeError,
  squeeze,
  type Tensor,
} from '@strata/core';

/** `x` as float32 (labels may come as int32 or bool). */
export function toFloat(x: Tensor): Tensor {
  return x.dtype === 'float32' ? x : cast(x, 'float32');
}

/**
 * Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by one and the longer shape
 * ends in 1, `[batch]` against `[batch, 1]` becomes `[batch, 1]` twice, and a trailing 1 is
 * squeezed otherwise.
 */
export function alignRanks(yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
  const t = yTrue.rank;
  const p = yPred.rank;
  if (t === p + 1 && yTrue.shape[t - 1] === 1) {
    return p === 1 ? [yTrue, expandDims(yPred, -1)] : [squeeze(yTrue, [t - 1]), yPred];
  }
  if (p === t + 1 && yPred.shape[p - 1] === 1) {
    return t === 1 ? [expandDims(yTrue, -1), yPred] : [yTrue, squeeze(yPred, [p - 1])];
  }
  return [yTrue, yPred];
}

/**
 * The inputs of a loss that compares `yTrue` and `yPred` element by element: ranks aligned as
 * Keras does, then the same shape and at least `minRank` axes required, both as float32.
 */
export function sameShapeInputs(
  subject: string,
  yTrue: Tensor,
  yPred: Tensor,
  { minRank = 1, what = '[batch, …]' }: { minRank?: number; what?: string } = {},
): [Tensor, Tensor] {
  const [t, p] = alignRanks(yTrue, yPred);
  const same = t.rank === p.rank && t.shape.every((d, i) => d === p.shape[i]);
  if (!same) {
    throw new ShapeError({
      subject,
      expected: 'yTrue and yPred of the same shape',
      received: `yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)}`,
    });
  }
  if (p.rank < minRank) {
    throw new ShapeError({
      subject,
      expected: `yTrue and yPred of rank ≥ ${minRank} (${what})`,
      received: `yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)}`,
    });
  }
  return [toFloat(t), toFloat(p)];
}

/**
 * The mean over the last (feature) axis, as Keras reduces element-wise losses; a `[batch]`
 * tensor is already one value per sample and is returned as it is. (Keras would average a
 * `[batch]` loss to a scalar; `compute` gives the same mean either way, and `perSample` stays
 * per sample, which sample weights need.)
 */
export function meanOverLastAxis(x: Tensor): Tensor {
  return x.rank >= 2 ? mean(x, -1) : x;
}
