import { formatShape, io, SerializationError, tidy } from '@strata/core';
import type { Layer, LayerWeight } from '../layer.js';

/** Bytes per value of each dtype a weight (or a quantized weight) is stored in. */
const BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
  complex64: 8,
};

/**
 * The model's weights as tfjs-layers saves them: one buffer and a spec per weight
 * (`{name: 'dense_1/kernel', shape, dtype}`), named by `LayerWeight.path`.
 *
 * @throws SerializationError when two weights share a path (two layers with one name).
 * @example
 * const { data, specs } = await encodeModelWeights(model);
 */
export async function encodeModelWeights(
  model: Layer,
): Promise<{ data: ArrayBuffer; specs: io.WeightsManifestEntry[] }> {
  const weights = model.weights;
  const seen = new Set<string>();
  for (const w of weights) {
    if (seen.has(w.path)) {
      throw new SerializationError({
        subject: `Model '${model.name}'`,
        expected: 'unique weight names (unique layer names)',
        received: `'${w.path}' twice`,
      });
    }
    seen.add(w.path);
  }
  return io.encodeWeights(weights.map((w) => ({ name: w.path, tensor: w.variable })));
}

/** The bytes one weight takes in the data, from its spec. */
export function weightByteLength(spec: io.WeightsManifestEntry): number {
  if (spec == null || typeof spec !== 'object' || typeof spec.name !== 'string') {
    throw new SerializationError({
      subject: 'Weights manifest',
      expected: 'weight entries {name, shape, dtype}',
      received: JSON.stringify(spec) ?? String(spec),
    });
  }
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES[dtype];
  if (bytes == null || !Array.isArray(spec.shape) || !spec.shape.every(isSize)) {
    throw new SerializationError({
      subject: `Weight '${spec.name}'`,
      expected: 'a numeric dtype and a shape of non-negative integers',
      received: `dtype ${JSON.stringify(dtype)}, shape ${JSON.stringify(spec.shape)}`,
    });
  }
  return spec.shape.reduce((n, d) => n * d, 1) * bytes;
}

/**
 * Assigns saved weights to a model by name, all or nothing. Every check runs before the
 * first assignment: the data holds as many bytes as the specs declare, every model weight
 * has a spec (`layer/weight`, or Keras's `layer/cell/weight`), no spec is left over
 * (optimizer weights aside), shapes and dtypes agree. Each weight is decoded, assigned and
 * freed in turn, so at most one decoded copy exists at a time.
 *
 * @throws SerializationError naming the weight, the expected and the received value.
 * @example
 * assignWeights(model, artifacts.weightSpecs ?? [], artifacts.weightData);
 */
export function assignWeights(
  model: Layer,
  specs: readonly io.WeightsManifestEntry[],
  data: io.WeightData | undefined,
): void {
  const offsets = checkWeightBytes(specs, data);
  const bySpecName = new Map<string, number>();
  specs.forEach((s, i) => {
    if (s.group === 'optimizer') return;
    if (bySpecName.has(s.name)) {
      throw new SerializationError({
        subject: `Weight '${s.name}'`,
        expected: 'one entry per weight in the manifest',
        received: 'two entries',
      });
    }
    bySpecName.set(s.name, i);
  });
  const plan: [LayerWeight, number][] = [];
  for (const w of model.weights) {
    const index = bySpecName.get(w.path) ?? bySpecName.get(withoutCell(w.path, bySpecName));
    if (index == null) {
      throw new SerializationError({
        subject: `Weight '${w.path}'`,
        expected: `an entry in the weights manifest (shape ${formatShape(w.variable.shape)})`,
        received: 'none',
      });
    }
    const spec = specs[index];
    bySpecName.delete(spec.name);
    const shape = spec.shape;
    if (
      shape.length !== w.variable.shape.length ||
      shape.some((d, i) => d !== w.variable.shape[i])
    ) {
      throw new SerializationError({
        subject: `Weight '${w.path}'`,
        expected: `shape ${formatShape(w.variable.shape)}`,
        received: `shape ${formatShape(shape)} in the manifest`,
      });
    }
    if (spec.dtype !== w.variable.dtype) {
      throw new SerializationError({
        subject: `Weight '${w.path}'`,
        expected: `dtype ${w.variable.dtype}`,
        received: `dtype ${spec.dtype}`,
      });
    }
    plan.push([w, index]);
  }
  if (bySpecName.size > 0) {
    throw new SerializationError({
      subject: `Model '${model.name}'`,
      expected: 'no weights in the manifest besides the model’s',
      received: `extra ${[...bySpecName.keys()].map((n) => `'${n}'`).join(', ')}`,
    });
  }
  if (plan.length === 0) return;
  const buffer = new io.CompositeArrayBuffer(data as io.WeightData);
  for (const [w, index] of plan) {
    const spec = specs[index];
    const bytes = buffer.slice(offsets[index], offsets[index] + weightByteLength(spec));
    tidy(() => {
      w.variable.assign(io.decodeWeights(bytes, [spec])[spec.name]);
    });
  }
}

/**
 * The offset of every weight in the data; throws before anything is allocated unless the
 * data holds all the bytes the specs declare (a truncated shard, a lying manifest).
 */
export function checkWeightBytes(
  specs: readonly io.WeightsManifestEntry[],
  data: io.WeightData | undefined,
): number[] {
  const offsets: number[] = [];
  let declared = 0;
  for (const spec of specs) {
    offsets.push(declared);
    declared += weightByteLength(spec);
  }
  const held = data == null ? 0 : Array.isArray(data) ? sum(data) : data.byteLength;
  if (held < declared) {
    throw new SerializationError({
      subject: 'Weight data',
      expected: `${declared} bytes, as the weight specs declare`,
      received: `${held} bytes (truncated)`,
    });
  }
  return offsets;
}

/** Keras (TF ≥ 2.2) names RNN weights `layer/cell/kernel`; Strata's path is `layer/kernel`. */
function withoutCell(path: string, names: Map<string, number>): string {
  const [layer, weight] = [path.slice(0, path.indexOf('/')), path.slice(path.lastIndexOf('/') + 1)];
  for (const name of names.keys()) {
    const parts = name.split('/');
    if (parts.length === 3 && parts[0] === layer && parts[2] === weight) return name;
  }
  return path;
}

function sum(buffers: ArrayBuffer[]): number {
  return buffers.reduce((n, b) => n + b.byteLength, 0);
}

function isSize(d: unknown): d is number {
  return Number.isInteger(d) && (d as number) >= 0;
}
