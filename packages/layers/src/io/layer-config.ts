import { getInitializer, type InitializerIdentifier, SerializationError } from '@strata/core';
import { Layer } from '../layer.js';
import { toSnakeCase } from '../naming.js';
import { fromPythonic, isPlainObject, toCamelCase, toPythonic } from './keras-case.js';

/** A layer as the file records it: `{class_name, config}` (plus `name`, `inbound_nodes` in functional models). */
export interface SerializedLayer {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
  inbound_nodes?: unknown[];
}

/*
 * Config values are converted generically (keys and string values re-cased, see
 * keras-case.ts); this file holds the few values that need more. A new layer whose config is
 * plain numbers, strings, booleans, initializers and arrays needs no line here.
 */

/** Keys whose values are initializers: written as `{class_name, config}`. */
const INITIALIZER_KEY = /Initializer$/;
/** Keys whose values are layers (wrappers, RNN cells): written and read as nested layers. */
const NESTED_LAYER_KEYS = new Set(['layer', 'cell', 'cells', 'forwardLayer', 'backwardLayer']);
/** Keys Strata has no counterpart for: accepted when null, refused otherwise. */
const UNSUPPORTED_KEY = /(Regularizer|Constraint)$/;

/**
 * Presets tfjs-layers and Keras spell differently (tfjs `LeCunNormal`, Keras `LecunNormal`):
 * written as the `VarianceScaling` both read.
 */
const AS_VARIANCE_SCALING: Record<string, Record<string, unknown>> = {
  LecunUniform: { scale: 1, mode: 'fanIn', distribution: 'uniform' },
  LecunNormal: { scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' },
};

/** Per-class renames between Strata's config and the file's, both in camelCase. */
const CLASS_RULES: Record<
  string,
  {
    toFile: (c: Record<string, unknown>) => Record<string, unknown>;
    fromFile: (c: Record<string, unknown>) => Record<string, unknown>;
  }
> = {
  // Keras 2's InputLayer refuses unknown keys (so no `trainable`); Keras 3 writes `batch_shape`.
  InputLayer: {
    toFile: ({ inputDtype, trainable: _, ...c }) => ({
      ...c,
      dtype: inputDtype ?? 'float32',
      sparse: false,
    }),
    fromFile: ({ dtype, sparse: _s, ragged: _r, batchShape, batchInputShape, ...c }) => ({
      ...c,
      batchInputShape: batchInputShape ?? batchShape,
      inputDtype: dtype ?? 'float32',
    }),
  },
};

/** An initializer as `{className, config}`, camelCase (re-cased on writing). */
export function serializeInitializer(identifier: InitializerIdentifier): {
  className: string;
  config: Record<string, unknown>;
} {
  const init = getInitializer(identifier);
  const config = init.getConfig();
  const expanded = Object.hasOwn(AS_VARIANCE_SCALING, init.className)
    ? AS_VARIANCE_SCALING[init.className]
    : undefined;
  if (expanded != null) {
    return { className: 'VarianceScaling', config: { ...expanded, seed: config.seed ?? null } };
  }
  return { className: init.className, config: { ...config } };
}

/**
 * A plain layer (not a model) as the file records it: its Keras class name and its config
 * with snake_case keys and values, initializers as `{class_name, config}`, `inputShape` as
 * `batch_input_shape`, and nested layers through `serializeNested`.
 *
 * @throws SerializationError for a config value that is not JSON-safe (a function, a tensor).
 */
export function layerToKeras(
  layer: Layer,
  serializeNested: (layer: Layer) => SerializedLayer,
): SerializedLayer {
  let config: Record<string, unknown> = { ...layer.getConfig() };
  const { inputShape, ...rest } = config;
  config = rest;
  if (Array.isArray(inputShape) && config.batchInputShape == null) {
    config.batchInputShape = [null, ...inputShape];
  }
  const rule = CLASS_RULES[layer.className];
  if (rule != null) config = rule.toFile(config);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    const subject = `Layer '${layer.name}'`;
    let written: unknown;
    if (value instanceof Layer) written = serializeNested(value);
    else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Layer)) {
      written = value.map((v) => serializeNested(v as Layer));
    } else if (INITIALIZER_KEY.test(key) && value != null) {
      written = toPythonic(serializeInitializer(value as InitializerIdentifier));
    } else {
      checkJsonSafe(value, subject, key);
      written = toPythonic(value, key);
    }
    out[toSnakeCase(key)] = written;
  }
  return { class_name: layer.className, config: out };
}

/**
 * The Strata config of a layer saved as `className` with the file's `config`: keys and
 * string values in camelCase, `batch_input_shape` as `inputShape`, null regularizers and
 * constraints dropped, nested layers made through `deserializeNested`.
 *
 * @throws SerializationError for a regularizer or constraint that is set (Strata has none).
 */
export function kerasToLayerConfig(
  className: string,
  fileConfig: Record<string, unknown>,
  deserializeNested: (serialized: unknown) => Layer,
): Record<string, unknown> {
  let config: Record<string, unknown> = {};
  const subject = `Layer '${String(fileConfig.name ?? className)}'`;
  for (const [fileKey, value] of Object.entries(fileConfig)) {
    const key = toCamelCase(fileKey);
    if (NESTED_LAYER_KEYS.has(key) && value != null) {
      config[key] = Array.isArray(value) ? value.map(deserializeNested) : deserializeNested(value);
    } else if (UNSUPPORTED_KEY.test(key)) {
      if (value != null) {
        throw new SerializationError({
          subject,
          expected: `no ${fileKey} (Strata layers have no regularizers or constraints)`,
          received: JSON.stringify(value),
        });
      }
    } else if (INITIALIZER_KEY.test(key) && isPlainObject(value)) {
      // Keras 3 adds `module` and `registered_name`; the class name and config are enough.
      const init = fromPythonic(value) as Record<string, unknown>;
      config[key] = { className: init.className, config: init.config ?? {} };
    } else if (key === 'dtype' && isPlainObject(value)) {
      // A Keras 3 dtype policy, `{class_name: 'DTypePolicy', config: {name: 'float32'}}`.
      config.dtype = (value.config as { name?: unknown } | undefined)?.name ?? 'float32';
    } else {
      config[key] = fromPythonic(value, fileKey);
    }
  }
  const rule = CLASS_RULES[className];
  if (rule != null) return rule.fromFile(config);
  const { batchInputShape, batchSize: _, ...rest } = config;
  config = rest;
  if (Array.isArray(batchInputShape) && config.inputShape == null) {
    config.inputShape = batchInputShape.slice(1);
  }
  return config;
}

function checkJsonSafe(value: unknown, subject: string, key: string): void {
  const ok = (v: unknown): boolean => {
    if (typeof v === 'number') return Number.isFinite(v);
    if (v == null || typeof v === 'string' || typeof v === 'boolean') return true;
    if (Array.isArray(v)) return v.every(ok);
    return isPlainObject(v) && Object.values(v).every(ok);
  };
  if (!ok(value)) {
    throw new SerializationError({
      subject,
      expected: `a JSON-safe value for config '${key}'`,
      received: typeof value === 'object' ? (value?.constructor?.name ?? 'object') : typeof value,
    });
  }
}
