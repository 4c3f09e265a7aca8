/**
 * The orthonormal factor of a thin QR decomposition, `A = Q·R` with `diag(R) > 0`, computed
 * by Householder reflections in float64.
 *
 * `a` holds a `rows × cols` matrix (`rows ≥ cols`) in **column-major** order and is
 * overwritten. The result is `Q` (`rows × cols`, column-major), with each column multiplied
 * by the sign of the matching diagonal entry of `R` — the unique QR with a positive
 * diagonal, as Keras's `Orthogonal` makes it. Cost: about `4·rows·cols² − 4·cols³/3` flops.
 *
 * Column-major storage keeps every inner loop on one contiguous column (the reflector and
 * the column it is applied to), which is what makes this fast in JavaScript: a 2048 × 512
 * matrix takes a fraction of a second, where a row-oriented or tensor-op QR takes minutes.
 *
 * @example
 * const q = householderQ(Float64Array.from([3, 4, 1, 2]), 2, 2); // two orthonormal columns
 */
export function householderQ(a: Float64Array, rows: number, cols: number): Float64Array {
  if (rows < cols) {
    throw new RangeError(`householderQ: expected rows ≥ cols. Received: ${rows} × ${cols}.`);
  }
  const m = rows;
  const tau = new Float64Array(cols);
  const sign = new Float64Array(cols);

  for (let k = 0; k < cols; k++) {
    const ck = k * m;
    let sigma = 0;
    for (let i = ck + k + 1; i < ck + m; i++) sigma += a[i] * a[i];
    const x0 = a[ck + k];
    const norm = Math.sqrt(x0 * x0 + sigma);
    if (norm === 0) {
      // A zero column: no reflection; R's diagonal is 0, whose sign Keras takes as 0 too,
      // but a zero column of Q would not be orthonormal, so keep e_k.
      tau[k] = 0;
      sign[k] = 1;
      continue;
    }
    // β = −sign(x0)·‖x‖ avoids cancellation in v0 = x0 − β.
    const beta = x0 >= 0 ? -norm : norm;
    const v0 = x0 - beta;
    const inv = 1 / v0;
    for (let i = ck + k + 1; i < ck + m; i++) a[i] *= inv;
    a[ck + k] = beta;
    tau[k] = (beta - x0) / beta;
    sign[k] = beta > 0 ? 1 : -1;
    for (let j = k + 1; j < cols; j++) reflect(a, ck + k, a, j * m + k, m - k, tau[k]);
  }

  // Q = H_0 H_1 … H_{n−1} [I; 0], accumulated backwards so that each reflector only
  // touches the trailing block.
  const q = new Float64Array(m * cols);
  for (let j = 0; j < cols; j++) q[j * m + j] = 1;
  for (let k = cols - 1; k >= 0; k--) {
    if (tau[k] === 0) continue;
    for (let j = k; j < cols; j++) reflect(a, k * m + k, q, j * m + k, m - k, tau[k]);
  }
  for (let j = 0; j < cols; j++) {
    if (sign[j] < 0) for (let i = j * m; i < (j + 1) * m; i++) q[i] = -q[i];
  }
  return q;
}

/**
 * Applies `H = I − τ·v·vᵀ` to `len` contiguous entries of `x` starting at `xo`, where `v`
 * starts at `vo` with an implicit leading 1 (the rest stored in place of the reflected
 * column). Four accumulators break the add-latency chain of the dot product.
 */
function reflect(
  v: Float64Array,
  vo: number,
  x: Float64Array,
  xo: number,
  len: number,
  tau: number,
): void {
  let s0 = x[xo];
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 1;
  for (; i + 3 < len; i += 4) {
    s0 += v[vo + i] * x[xo + i];
    s1 += v[vo + i + 1] * x[xo + i + 1];
    s2 += v[vo + i + 2] * x[xo + i + 2];
    s3 += v[vo + i + 3] * x[xo + i + 3];
  }
  for (; i < len; i++) s0 += v[vo + i] * x[xo + i];
  const s = tau * (s0 + s1 + s2 + s3);
  x[xo] -= s;
  for (i = 1; i < len; i++) x[xo + i] -= s * v[vo + i];
}
