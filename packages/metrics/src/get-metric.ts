import { ConfigError } from '@strata/core';
import {
  Accuracy,
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
} from './accuracy.js';
import { LogLoss } from './log-loss.js';
import { Perplexity } from './perplexity.js';
import { F1Score, Precision, Recall } from './precision-recall.js';
import { MeanAbsoluteError, MeanSquaredError, R2Score } from './regression.js';
import { RocAuc } from './roc-auc.js';
import type { StreamingMetric } from './streaming-metric.js';
import { SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy } from './top-k-accuracy.js';

type Factory = (name: string) => StreamingMetric;

/** Keras identifiers (snake_case and camelCase) and their metrics, in the order errors list them. */
const FACTORIES: Record<string, Factory> = {};

function register(names: readonly string[], factory: Factory): void {
  for (const n of names) FACTORIES[n] = factory;
}

register(['accuracy', 'acc'], (name) => new Accuracy({ name }));
register(['binary_accuracy', 'binaryAccuracy'], (name) => new BinaryAccuracy({ name }));
register(
  ['categorical_accuracy', 'categoricalAccuracy'],
  (name) => new CategoricalAccuracy({ name }),
);
register(
  ['sparse_categorical_accuracy', 'sparseCategoricalAccuracy'],
  (name) => new SparseCategoricalAccuracy({ name }),
);
register(
  ['top_k_categorical_accuracy', 'topKCategoricalAccuracy'],
  (name) => new TopKCategoricalAccuracy({ name }),
);
register(
  ['sparse_top_k_categorical_accuracy', 'sparseTopKCategoricalAccuracy'],
  (name) => new SparseTopKCategoricalAccuracy({ name }),
);
register(
  ['mse', 'MSE', 'mean_squared_error', 'meanSquaredError'],
  (name) => new MeanSquaredError({ name }),
);
register(
  ['mae', 'MAE', 'mean_absolute_error', 'meanAbsoluteError'],
  (name) => new MeanAbsoluteError({ name }),
);
register(['r2', 'r2_score', 'r2Score'], (name) => new R2Score({ name }));
register(['log_loss', 'logLoss'], (name) => new LogLoss({ name }));
register(
  ['binary_crossentropy', 'binaryCrossentropy'],
  (name) => new LogLoss({ name, kind: 'binary' }),
);
register(
  ['categorical_crossentropy', 'categoricalCrossentropy'],
  (name) => new LogLoss({ name, kind: 'categorical' }),
);
register(
  ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy'],
  (name) => new LogLoss({ name, kind: 'sparse' }),
);
register(['perplexity'], (name) => new Perplexity({ name }));
register(['precision'], (name) => new Precision({ name }));
register(['recall'], (name) => new Recall({ name }));
register(['f1', 'f1_score', 'f1Score'], (name) => new F1Score({ name }));
register(['auc', 'roc_auc', 'rocAuc'], (name) => new RocAuc({ name }));

/** Every identifier `getMetric` knows. */
export const METRIC_IDENTIFIERS: readonly string[] = Object.freeze(Object.keys(FACTORIES));

/**
 * Resolves a Keras-style identifier (`'accuracy'`, `'acc'`, `'binary_accuracy'`,
 * `'categoricalAccuracy'`, `'mse'`, `'top_k_categorical_accuracy'`, …; see
 * `METRIC_IDENTIFIERS`) to a new streaming metric named as given, so that logs use the
 * caller's key. A `StreamingMetric` is returned as it is.
 *
 * `'accuracy'`/`'acc'` read each batch by shape, as Keras's `compile` does: scores with a
 * class axis → categorical (one-hot targets) or sparse (label targets); otherwise binary at
 * 0.5. `'precision'`, `'recall'`, `'f1'` are binary (scikit-learn's default average); build
 * `new Precision({ average: 'macro' })` for more classes. `top_k` uses k = 5.
 *
 * Throws a `ConfigError` that lists the known identifiers for an unknown one.
 *
 * @example
 * const metrics = ['accuracy', 'mse'].map(getMetric);
 * metrics[0].name; // 'accuracy'
 */
export function getMetric(identifier: string | StreamingMetric): StreamingMetric {
  if (typeof identifier !== 'string') return identifier;
  const factory = Object.hasOwn(FACTORIES, identifier) ? FACTORIES[identifier] : undefined;
  if (factory == null) {
    throw new ConfigError({
      subject: `Metric '${identifier}'`,
      expected: `one of ${METRIC_IDENTIFIERS.map((n) => `'${n}'`).join(', ')}`,
      received: `'${identifier}'`,
    });
  }
  return factory(identifier);
}
