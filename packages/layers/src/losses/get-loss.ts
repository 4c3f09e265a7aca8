import { ConfigError } from '@strata/core';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { hinge } from './hinge.js';
import { huber } from './huber.js';
import { klDivergence } from './kl-divergence.js';
import { defineLoss, type Loss, type LossFunction } from './loss.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { squaredHinge } from './squared-hinge.js';

/** A loss saved as its Keras class name and camelCase config (what `getConfig` returns). */
export interface SerializedLoss {
  className: string;
  config?: Record<string, unknown>;
}

/** A loss object that may lack `compute` (it is added). */
export type LossLike = Omit<Loss, 'compute'> & Partial<Pick<Loss, 'compute'>>;

/** What `getLoss` resolves: a name, a loss, a plain function, or a serialized loss. */
export type LossIdentifier = string | LossLike | LossFunction | SerializedLoss;

interface LossEntry {
  create: (options: Record<string, unknown>) => Loss;
  /** The options besides `name` and `reduction`. */
  options: string[];
  /** Keras's names and aliases, then the camelCase spellings tfjs-layers users write. */
  names: string[];
}

const LOSSES: Record<string, LossEntry> = {
  MeanSquaredError: {
    create: (o) => meanSquaredError(o),
    options: [],
    names: ['mean_squared_error', 'mse', 'MSE', 'meanSquaredError'],
  },
  MeanAbsoluteError: {
    create: (o) => meanAbsoluteError(o),
    options: [],
    names: ['mean_absolute_error', 'mae', 'MAE', 'meanAbsoluteError'],
  },
  Huber: { create: (o) => huber(o), options: ['delta'], names: ['huber', 'huber_loss'] },
  BinaryCrossentropy: {
    create: (o) => binaryCrossentropy(o),
    options: ['fromLogits', 'labelSmoothing'],
    names: ['binary_crossentropy', 'bce', 'BCE', 'binaryCrossentropy'],
  },
  CategoricalCrossentropy: {
    create: (o) => categoricalCrossentropy(o),
    options: ['fromLogits', 'labelSmoothing'],
    names: ['categorical_crossentropy', 'categoricalCrossentropy'],
  },
  SparseCategoricalCrossentropy: {
    create: (o) => sparseCategoricalCrossentropy(o),
    options: ['fromLogits'],
    names: ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy'],
  },
  Hinge: { create: (o) => hinge(o), options: [], names: ['hinge'] },
  SquaredHinge: {
    create: (o) => squaredHinge(o),
    options: [],
    names: ['squared_hinge', 'squaredHinge'],
  },
  KLDivergence: {
    create: (o) => klDivergence(o),
    options: [],
    names: [
      'kl_divergence',
      'kld',
      'KLD',
      'kullback_leibler_divergence',
      'klDivergence',
      'kullbackLeiblerDivergence',
    ],
  },
  CosineSimilarity: {
    create: (o) => cosineSimilarity(o),
    options: [],
    // Keras 2's `cosine_proximity` and tfjs-layers' `cosineProximity` have the same sign (−cos).
    names: ['cosine_similarity', 'cosineSimilarity', 'cosine_proximity', 'cosineProximity'],
  },
};

const BY_NAME = new Map<string, string>(
  Object.entries(LOSSES).flatMap(([className, e]) => [
    ...e.names.map((n) => [n, className] as [string, string]),
    [className, className] as [string, string],
  ]),
);

/** Every string `getLoss` accepts: Keras names and aliases, camelCase names, class names. */
export const LOSS_NAMES: readonly string[] = [...BY_NAME.keys()];

/**
 * Resolves a loss: a Keras name or alias (`'mse'`, `'categorical_crossentropy'`, `'kld'`),
 * a camelCase name (`'meanSquaredError'`), a Keras class name (`'Huber'`, default options), a
 * serialized loss `{ className, config }`, a `Loss` (returned as it is; `compute` is added if it
 * lacks one), or a plain function `(yTrue, yPred) => perSampleLoss` (wrapped, named after the
 * function). Unknown names throw a ConfigError listing the known ones.
 *
 * @example
 * getLoss('sparse_categorical_crossentropy').compute(labels, probabilities);
 * getLoss({ className: 'CategoricalCrossentropy', config: { fromLogits: true } });
 */
export function getLoss(identifier: LossIdentifier): Loss {
  if (typeof identifier === 'string') return fromName(identifier);
  if (typeof identifier === 'function') {
    return defineLoss({ name: identifier.name || 'loss', perSample: identifier });
  }
  if (identifier != null && typeof identifier === 'object') {
    if ('perSample' in identifier && typeof identifier.perSample === 'function') {
      return fromObject(identifier);
    }
    if ('className' in identifier && typeof identifier.className === 'string') {
      return fromSerialized(identifier as SerializedLoss);
    }
  }
  throw new ConfigError({
    subject: 'loss',
    expected: 'a loss name, a Loss, a function (yTrue, yPred) => Tensor or { className, config }',
    received: describe(identifier),
  });
}

function fromName(name: string): Loss {
  const className = BY_NAME.get(name);
  if (className == null) {
    throw new ConfigError({
      subject: 'loss',
      expected: `one of ${LOSS_NAMES.join(', ')}`,
      received: `'${name}'`,
    });
  }
  return LOSSES[className].create({});
}

function fromObject(loss: LossLike): Loss {
  if (typeof loss.compute === 'function') return loss as Loss;
  const { name, reduction: _, ...config } = loss.getConfig();
  return defineLoss({
    name: loss.name,
    className: loss.className,
    config,
    perSample: (yTrue, yPred) => loss.perSample(yTrue, yPred),
  });
}

// Options Keras saves that have only one value here: accepted at that value, refused otherwise.
const KERAS_DEFAULTS: Record<string, unknown[]> = {
  reduction: ['sum_over_batch_size', 'auto'],
  axis: [-1],
  ignoreClass: [null],
  dtype: [null, 'float32'],
};

function fromSerialized({ className, config = {} }: SerializedLoss): Loss {
  const entry = LOSSES[className];
  if (entry == null) {
    throw new ConfigError({
      subject: 'loss',
      expected: `a loss class, one of ${Object.keys(LOSSES).join(', ')}`,
      received: `'${className}'`,
    });
  }
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'name' || entry.options.includes(key)) {
      options[key] = value;
    } else if (!(key in KERAS_DEFAULTS && KERAS_DEFAULTS[key].includes(value))) {
      const accepted = ['name', ...entry.options, ...Object.keys(KERAS_DEFAULTS)];
      throw new ConfigError({
        subject: `loss '${className}'`,
        expected: `config keys among ${accepted.join(', ')} (${Object.entries(KERAS_DEFAULTS)
          .map(([k, v]) => `${k} ${v.map((x) => JSON.stringify(x)).join(' or ')}`)
          .join(', ')})`,
        received: `${key}: ${JSON.stringify(value)}`,
      });
    }
  }
  return entry.create(options);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ')}`;
  return typeof value;
}
