/**
 * The fan-in and fan-out of a weight of `shape`, as Keras's `compute_fans`: a dense kernel
 * `[in, out]` has `fanIn = in`, `fanOut = out`; a convolution kernel
 * `[...spatial, inChannels, outChannels]` multiplies both by the receptive field
 * `prod(spatial)`; a vector `[n]` has both equal to `n`, a scalar both equal to 1.
 *
 * @example
 * computeFans([3, 3, 16, 32]); // { fanIn: 144, fanOut: 288 }
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  let receptiveField = 1;
  for (const d of shape.slice(0, -2)) receptiveField *= d;
  return {
    fanIn: shape[shape.length - 2] * receptiveField,
    fanOut: shape[shape.length - 1] * receptiveField,
  };
}
