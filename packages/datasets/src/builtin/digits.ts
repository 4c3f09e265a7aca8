import { DIGITS_BASE64, DIGITS_ROWS } from './digits-data.js';
import type { LabeledData } from './labeled-data.js';

/** {@link digits} data: {@link LabeledData} plus the image shape of a row. */
export interface DigitsData extends LabeledData {
  /** `[8, 8]`: each row of 64 features is an 8 × 8 image, row by row. */
  imageShape: [number, number];
}

const PIXELS = 64;

/**
 * The UCI optical handwritten digits (scikit-learn's `load_digits`, shipped in the package):
 * 1,797 images of 8 × 8 pixels with integer values 0–16, classes `'0'`–`'9'`.
 * Shapes: `features [1797, 64]` (reshape to `[1797, 8, 8, 1]` for a CNN), `labels [1797]`.
 *
 * @example
 * const { features, labels, count } = digits();
 * const xs = div(tensor4d(features, [count, 8, 8, 1]), 16);
 */
export function digits(): DigitsData {
  const bytes = decodeBase64(DIGITS_BASE64);
  const count = DIGITS_ROWS;
  const features = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const row = i * (PIXELS + 1);
    for (let j = 0; j < PIXELS; j++) features[i * PIXELS + j] = bytes[row + j];
    labels[i] = bytes[row + PIXELS];
  }
  return {
    features,
    labels,
    count,
    featureNames: Array.from({ length: PIXELS }, (_, k) => `pixel_${k >> 3}_${k & 7}`),
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    shape: [count, PIXELS],
    imageShape: [8, 8],
  };
}

// `atob` exists in browsers and in Node ≥ 16, so no Buffer is needed.
function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
