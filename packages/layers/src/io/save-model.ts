import { io, SerializationError } from '@strata/core';
import type { Model } from '../models/model.js';
import { modelToArtifacts } from './artifacts.js';
import { type ModelLocation, resolveHandler } from './resolve-handler.js';

/** What `save` resolves to: tfjs's `SaveResult` and the artifacts that were written. */
export interface SaveResult extends io.SaveResult {
  artifacts: io.ModelArtifacts;
}

/**
 * Saves a Sequential or functional model in the tfjs-layers format (`model.json` + weight
 * shards), loadable by `loadModel` and by tfjs-layers' `tf.loadLayersModel`.
 *
 * `target`: a directory path or `file://` URL (Node), a tfjs URL (`indexeddb://name`,
 * `localstorage://name`, `downloads://name`, `http(s)://…` in a browser), any tfjs
 * `IOHandler`, or `'memory'` (nothing is written; take `result.artifacts`).
 *
 * @example
 * await saveModel(model, './models/mlp');
 * await saveModel(model, 'indexeddb://mlp');
 */
export async function saveModel(
  model: Model,
  target: ModelLocation | 'memory',
): Promise<SaveResult> {
  const artifacts = await modelToArtifacts(model);
  if (target === 'memory') {
    return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts), artifacts };
  }
  const handler = await resolveHandler(target, 'save');
  if (typeof handler.save !== 'function') {
    throw new SerializationError({
      subject: `Model '${model.name}'`,
      expected: 'an IOHandler with a save method',
      received: `a handler with ${Object.keys(handler).join(', ') || 'no methods'}`,
    });
  }
  return { ...(await handler.save(artifacts)), artifacts };
}

/**
 * The model as in-memory tfjs `ModelArtifacts` (topology, weight specs, one weight buffer);
 * `loadModel(artifacts)` rebuilds it, `tf.loadLayersModel(tf.io.fromMemory(artifacts))` too.
 *
 * @example
 * const copy = await loadModel(await saveToMemory(model));
 */
export async function saveToMemory(model: Model): Promise<io.ModelArtifacts> {
  return (await saveModel(model, 'memory')).artifacts;
}
