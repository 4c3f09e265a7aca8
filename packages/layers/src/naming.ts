const counters = new Map<string, number>();

/**
 * Keras's `to_snake_case`: `Dense` → `dense`, `LayerNormalization` → `layer_normalization`,
 * `LSTM` → `lstm`, `SimpleRNN` → `simple_rnn`, `Conv2D` → `conv2d`,
 * `MaxPooling2D` → `max_pooling2d` (a digit does not start a word).
 */
export function toSnakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
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
