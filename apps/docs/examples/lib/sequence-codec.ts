/** Fixed-length strings ↔ one-hot tensors, for the character-level seq2seq example. */
import { argMax, type Tensor, tidy } from '@strata/core';
import type { LayerOutputs } from '@strata/layers';

/**
 * One-hot codes of equal-length strings over `alphabet`: `out[(i·length + t)·|alphabet| + k] = 1`
 * where `strings[i][t] = alphabet[k]`.
 *
 * Shapes: `n` strings of length `length` → a flat `[n, length, |alphabet|]` array.
 */
export function encodeOneHot(strings: readonly string[], alphabet: string): Float32Array {
  const depth = alphabet.length;
  const length = strings[0]?.length ?? 0;
  const out = new Float32Array(strings.length * length * depth);
  strings.forEach((s, i) => {
    for (let t = 0; t < length; t++) {
      const k = alphabet.indexOf(s[t]);
      if (k < 0) throw new RangeError(`'${s[t]}' of ${JSON.stringify(s)} is not in the alphabet`);
      out[(i * length + t) * depth + k] = 1;
    }
  });
  return out;
}

/**
 * The most likely string of each row of softmax scores `[n, length, |alphabet|]`; disposes
 * the scores.
 */
export async function decodeOneHot(scores: LayerOutputs, alphabet: string): Promise<string[]> {
  const probs = scores as Tensor;
  const [n, length] = probs.shape;
  const ids = tidy(() => argMax(probs, -1));
  probs.dispose();
  const flat = await ids.data();
  ids.dispose();
  return Array.from({ length: n }, (_, i) => {
    let s = '';
    for (let t = 0; t < length; t++) s += alphabet[flat[i * length + t]];
    return s;
  });
}

/** The fraction of `predicted` strings equal to `expected`. */
export function exactMatch(predicted: readonly string[], expected: readonly string[]): number {
  let hits = 0;
  predicted.forEach((p, i) => {
    if (p === expected[i]) hits++;
  });
  return hits / predicted.length;
}
