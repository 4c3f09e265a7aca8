import { toSnakeCase } from '../naming.js';

/*
 * Strata configs use camelCase (`useBias`, `mode: 'fanAvg'`), the tfjs-layers/Keras file
 * format snake_case (`use_bias`, `mode: 'fan_avg'`). Like tfjs-layers'
 * `convertTsToPythonic`, the conversion re-cases every key and every string value, except the
 * values under the keys below, which are names or free text.
 */

/** Keys whose string values are kept as they are (names, class names, free text). */
const VERBATIM_KEYS = new Set(['name', 'className', 'class_name', 'vocabulary', 'module']);

/** `fan_avg` → `fanAvg`, `batch_input_shape` → `batchInputShape`; other strings unchanged. */
export function toCamelCase(name: string): string {
  if (!name.includes('_')) return name;
  return name.replace(/_+([a-zA-Z0-9]|$)/g, (_, c: string) => c.toUpperCase());
}

/**
 * A camelCase config as the file writes it: keys and string values in snake_case,
 * recursively; arrays and nested objects followed; `undefined` entries left out.
 *
 * @example
 * toPythonic({ useBias: true, kernelInitializer: { className: 'VarianceScaling', config: { mode: 'fanAvg' } } });
 * // { use_bias: true, kernel_initializer: { class_name: 'VarianceScaling', config: { mode: 'fan_avg' } } }
 */
export function toPythonic(value: unknown, key?: string): unknown {
  return recase(value, key, toSnakeCase);
}

/**
 * A snake_case config from a file as Strata takes it: keys and string values in camelCase,
 * recursively (the inverse of {@link toPythonic}).
 *
 * @example
 * fromPythonic({ mode: 'fan_avg', use_bias: true }); // { mode: 'fanAvg', useBias: true }
 */
export function fromPythonic(value: unknown, key?: string): unknown {
  return recase(value, key, toCamelCase);
}

function recase(value: unknown, key: string | undefined, f: (s: string) => string): unknown {
  if (typeof value === 'string') return key != null && VERBATIM_KEYS.has(key) ? value : f(value);
  if (Array.isArray(value)) return value.map((v) => recase(v, key, f));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[f(k)] = recase(v, k, f);
    }
    return out;
  }
  return value;
}

/** True for `{...}` objects (not arrays, not class instances such as tensors or layers). */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x == null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}
