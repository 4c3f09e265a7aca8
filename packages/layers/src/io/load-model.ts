import { type io, SerializationError, StrataError } from '@strata/core';
import type { Model } from '../models/model.js';
import { modelFromArtifacts } from './artifacts.js';
import { isPlainObject } from './keras-case.js';
import type { LoadOptions } from './model-from-topology.js';
import { type ModelLocation, resolveHandler } from './resolve-handler.js';

/**
 * Loads a model saved in the tfjs-layers format — by Strata, by tfjs-layers, or converted
 * from Keras — from a directory path or `file://` URL (Node), a tfjs URL (`http(s)://`,
 * `indexeddb://`, `localstorage://`), a tfjs `IOHandler`, or in-memory `ModelArtifacts`.
 * Layer classes resolve through `options.registries` and `@strata/layers`; weights are
 * assigned by name, all or nothing.
 *
 * @throws SerializationError for a malformed `model.json`, an unknown class (naming the
 *   Strata package that provides it), and weights that are missing, extra, of another shape,
 *   truncated or outside the model's directory.
 * @example
 * const m = await loadModel('./models/mlp');
 * const seq2seq = await loadModel('https://example.com/model.json', { registries: [rnn.registry] });
 */
export async function loadModel(
  source: ModelLocation | io.ModelArtifacts,
  options: LoadOptions = {},
): Promise<Model> {
  if (isPlainObject(source) && typeof (source as io.IOHandler).load !== 'function') {
    return modelFromArtifacts(source, options);
  }
  const handler = await resolveHandler(source as ModelLocation, 'load');
  const name = typeof source === 'string' ? source : 'IOHandler';
  if (typeof handler.load !== 'function') {
    throw new SerializationError({
      subject: `Source '${name}'`,
      expected: 'an IOHandler with a load method',
      received: `a handler with ${Object.keys(handler).join(', ') || 'no methods'}`,
    });
  }
  let artifacts: unknown;
  try {
    artifacts = await handler.load();
  } catch (error) {
    if (error instanceof StrataError) throw error;
    throw new SerializationError(
      { subject: `Source '${name}'`, expected: 'model artifacts', received: String(error) },
      { cause: error },
    );
  }
  return modelFromArtifacts(artifacts, options);
}
