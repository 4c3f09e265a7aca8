import {
  ConfigError,
  cast,
  dispose,
  formatShape,
  moments,
  ShapeError,
  type Tensor,
  type TensorContainer,
  tensor,
  tidy,
} from '@strata/core';

/** A nested array of numbers, `[samples, …]`. */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/** One item of a data set given to `adapt`: a batch, or a `fit`-style `{ xs, ys }` pair. */
export type AdaptBatch = Tensor | { xs: Tensor };

/**
 * What `Normalization.adapt` learns from: one tensor, a nested number array, or batches — an
 * iterable (an array of tensors) or an async iterable (a `@strata/datasets` `Dataset`).
 */
export type AdaptData = Tensor | NestedNumbers | Iterable<AdaptBatch> | AsyncIterable<AdaptBatch>;

/** Per-channel count, mean and variance, in float64. */
export interface ChannelMoments {
  count: number;
  mean: number[];
  variance: number[];
}

/** Running statistics: Chan et al.'s pairwise merge of batch means and sums of squared deviations. */
class MomentsAccumulator {
  count = 0;
  rank = 0;
  mean: Float64Array = new Float64Array(0);
  m2: Float64Array = new Float64Array(0);

  constructor(
    private readonly subject: string,
    /** The channel axis of a batch of this shape; throws when it has none. */
    private readonly channelAxis: (shape: number[]) => number,
  ) {}

  async add(x: Tensor): Promise<void> {
    const axis = this.channelAxis(x.shape);
    const channels = x.shape[axis];
    if (this.mean.length > 0 && (x.rank !== this.rank || channels !== this.mean.length)) {
      throw new ShapeError({
        subject: this.subject,
        expected: `batches of rank ${this.rank} with ${this.mean.length} channels on axis ${axis}`,
        received: `a batch of shape ${formatShape(x.shape)}`,
      });
    }
    if (this.mean.length === 0) {
      this.rank = x.rank;
      this.mean = new Float64Array(channels);
      this.m2 = new Float64Array(channels);
    }
    const n = x.size / channels;
    if (n === 0) return;
    // The reduction runs on the backend (two-pass, in float32, within one batch); only one
    // mean and one variance per channel come back, merged here in float64.
    const reduced = x.shape.map((_, i) => i).filter((i) => i !== axis);
    const [m, v] = tidy(() => {
      const r = moments(cast(x, 'float32'), reduced);
      return [r.mean, r.variance];
    });
    let batchMean: ArrayLike<number>;
    let batchVariance: ArrayLike<number>;
    try {
      [batchMean, batchVariance] = (await Promise.all([m.data(), v.data()])) as ArrayLike<number>[];
    } finally {
      dispose([m, v]);
    }
    const total = this.count + n;
    for (let c = 0; c < channels; c++) {
      const delta = batchMean[c] - this.mean[c];
      this.mean[c] += (delta * n) / total;
      this.m2[c] += batchVariance[c] * n + (delta * delta * this.count * n) / total;
    }
    this.count = total;
  }

  result(): ChannelMoments {
    if (this.count === 0) {
      throw new ConfigError({
        subject: this.subject,
        expected: 'adapt data with at least one sample',
        received: this.mean.length === 0 ? 'no batch' : 'only empty batches',
      });
    }
    return {
      count: this.count,
      mean: Array.from(this.mean),
      variance: Array.from(this.m2, (s) => Math.max(s / this.count, 0)),
    };
  }
}

function isTensor(x: unknown): x is Tensor {
  return x != null && typeof x === 'object' && 'dataId' in x && 'shape' in x;
}

function batchOf(subject: string, item: unknown): Tensor {
  if (isTensor(item)) return item;
  if (item != null && typeof item === 'object' && isTensor((item as { xs?: unknown }).xs)) {
    return (item as { xs: Tensor }).xs;
  }
  throw new ConfigError({
    subject,
    expected: 'batches that are tensors or { xs: tensor } pairs',
    received: item != null && typeof item === 'object' ? 'an object' : String(item),
  });
}

/**
 * The per-channel mean and (population) variance of `data` over every axis but the channel
 * axis, read batch by batch so that a data set larger than memory works; the result equals the
 * statistics of all the batches concatenated.
 *
 * Ownership: the tensors of an async iterable's items (a `Dataset` hands them to its consumer)
 * are disposed once read; a tensor, an array or another sync iterable stays the caller's.
 */
export async function channelMoments(
  subject: string,
  data: AdaptData,
  channelAxis: (shape: number[]) => number,
): Promise<ChannelMoments> {
  const acc = new MomentsAccumulator(subject, channelAxis);
  if (isTensor(data)) {
    await acc.add(data);
  } else if (Array.isArray(data) && data.length > 0 && !data.some(isTensor)) {
    const x = tensor(data as number[]);
    try {
      await acc.add(x);
    } finally {
      x.dispose();
    }
  } else if (data != null && typeof data === 'object' && Symbol.asyncIterator in data) {
    for await (const item of data as AsyncIterable<unknown>) {
      try {
        await acc.add(batchOf(subject, item));
      } finally {
        dispose(item as TensorContainer);
      }
    }
  } else if (data != null && typeof data === 'object' && Symbol.iterator in data) {
    for (const item of data as Iterable<unknown>) await acc.add(batchOf(subject, item));
  } else {
    throw new ConfigError({
      subject,
      expected: 'adapt data: a tensor, a nested number array, or an (async) iterable of tensors',
      received: data === null ? 'null' : typeof data,
    });
  }
  return acc.result();
}
