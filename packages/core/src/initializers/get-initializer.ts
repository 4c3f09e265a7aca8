import { ConfigError } from '../errors.js';
import { constant, ones, zeros } from './constant.js';
import { glorotNormal, glorotUniform } from './glorot.js';
import { heNormal, heUniform } from './he.js';
import type { Initializer } from './initializer.js';
import { lecunNormal, lecunUniform } from './lecun.js';
import { orthogonal } from './orthogonal.js';
import { randomNormal } from './random-normal.js';
import { randomUniform } from './random-uniform.js';
import { truncatedNormal } from './truncated-normal.js';
import { varianceScaling } from './variance-scaling.js';

/** A serialized initializer, as in a Keras or tfjs-layers `model.json`. */
export interface SerializedInitializer {
  className?: string;
  class_name?: string;
  config?: Record<string, unknown> | null;
}

/**
 * What {@link getInitializer} accepts: a name (`'glorotUniform'`, `'glorot_uniform'` or
 * `'GlorotUniform'`), a serialized `{className, config}`, or an initializer.
 */
export type InitializerIdentifier = string | SerializedInitializer | Initializer;

type Factory = (config: Record<string, unknown>) => Initializer;

// `config as never`: the factories check their options at run time, with Keras's messages.
const FACTORIES: Record<string, Factory> = {
  zeros: () => zeros(),
  ones: () => ones(),
  constant: (c) => constant(c as never),
  randomUniform: (c) => randomUniform(c),
  randomNormal: (c) => randomNormal(c),
  truncatedNormal: (c) => truncatedNormal(c),
  varianceScaling: (c) => varianceScaling(c),
  glorotUniform: (c) => glorotUniform(c),
  glorotNormal: (c) => glorotNormal(c),
  heUniform: (c) => heUniform(c),
  heNormal: (c) => heNormal(c),
  lecunUniform: (c) => lecunUniform(c),
  lecunNormal: (c) => lecunNormal(c),
  orthogonal: (c) => orthogonal(c),
};

/** Keras's other names for the same classes (`keras.initializers.get`). */
const ALIASES: Record<string, string> = {
  zero: 'zeros',
  one: 'ones',
  uniform: 'randomUniform',
  normal: 'randomNormal',
  orthogonalinitializer: 'orthogonal',
};

/** `glorotUniform`, `glorot_uniform` and `GlorotUniform` all become `glorotuniform`. */
function normalize(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

const BY_KEY = new Map<string, Factory>(
  Object.entries(FACTORIES).map(([name, factory]) => [normalize(name), factory]),
);
for (const [alias, name] of Object.entries(ALIASES)) BY_KEY.set(alias, FACTORIES[name]);

/** The camelCase names {@link getInitializer} knows. */
export const INITIALIZER_NAMES: readonly string[] = Object.keys(FACTORIES);

/**
 * Resolves an initializer from a name in any of Keras's spellings (`'heNormal'`,
 * `'he_normal'`, `'HeNormal'`), a serialized `{className, config}` (snake_case config keys
 * and values, as in a `model.json`, are read too) or an initializer, which is returned as is.
 *
 * @throws ConfigError for an unknown name, listing the known ones.
 * @example
 * getInitializer('glorot_uniform').apply([4, 3]);
 * getInitializer({ className: 'VarianceScaling', config: { scale: 2, mode: 'fan_in' } });
 */
export function getInitializer(identifier: InitializerIdentifier): Initializer {
  if (typeof identifier === 'string') return resolve(identifier, {});
  if (isInitializer(identifier)) return identifier;
  const name = identifier.className ?? identifier.class_name;
  if (typeof name !== 'string') {
    throw new ConfigError({
      subject: 'getInitializer',
      expected: 'a name, an initializer or {className, config}',
      received: JSON.stringify(identifier),
    });
  }
  return resolve(name, camelCaseKeys(identifier.config ?? {}));
}

function resolve(name: string, config: Record<string, unknown>): Initializer {
  const factory = BY_KEY.get(normalize(name));
  if (factory == null) {
    throw new ConfigError({
      subject: 'getInitializer',
      expected: `one of ${INITIALIZER_NAMES.join(', ')} (or their Keras names)`,
      received: `'${name}'`,
    });
  }
  return factory(config);
}

function isInitializer(x: SerializedInitializer | Initializer): x is Initializer {
  return typeof (x as Initializer).apply === 'function';
}

function camelCaseKeys(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    out[key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}
