const counters = new Map<string, number>();

/** `Dense` → `dense`, `LayerNormalization` → `layer_normalization`, `LSTM` → `lstm`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** A fresh Keras-style name: `dense`, then `dense_1`, `dense_2`, … */
export function uniqueName(prefix: string): string {
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

let variableCounter = 0;

/**
 * A name for a tfjs variable: tfjs requires variable names to be unique in the engine, while
 * saved weight names (`dense/kernel`) only need to be unique within a model.
 */
export function uniqueVariableName(path: string): string {
  variableCounter += 1;
  return `${path}__${variableCounter}`;
}
