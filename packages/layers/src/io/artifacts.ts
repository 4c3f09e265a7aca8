import { type io, SerializationError } from '@strata/core';
import type { Model } from '../models/model.js';
import { isPlainObject } from './keras-case.js';
import { type LoadOptions, modelFromTopology } from './model-from-topology.js';
import { toModelTopology } from './model-topology.js';
import { assignWeights, checkWeightBytes, encodeModelWeights } from './weights.js';

/** The `format` of a tfjs-layers model. */
export const LAYERS_MODEL_FORMAT = 'layers-model';
/** The `generatedBy` Strata writes. */
export const GENERATED_BY = 'Strata @strata/layers';

/**
 * The model as tfjs `ModelArtifacts`: topology, weight specs and one weight buffer, what
 * every tfjs `IOHandler` saves.
 *
 * @example
 * const artifacts = await modelToArtifacts(model);
 * await io.browserHTTPRequest('/upload').save(artifacts);
 */
export async function modelToArtifacts(model: Model): Promise<io.ModelArtifacts> {
  const modelTopology = toModelTopology(model);
  const { data, specs } = await encodeModelWeights(model);
  return {
    modelTopology,
    format: LAYERS_MODEL_FORMAT,
    generatedBy: GENERATED_BY,
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
  };
}

/**
 * A model from tfjs `ModelArtifacts` (what an `IOHandler` loads, or `saveToMemory` gave):
 * the byte count is checked before anything is built, then the topology is rebuilt and the
 * weights assigned by name, all or nothing; on an error the model is disposed.
 *
 * @throws SerializationError for missing or malformed parts, unknown classes, and weights
 *   that are missing, extra, truncated or of another shape.
 * @example
 * const copy = await modelFromArtifacts(await saveToMemory(model));
 */
export function modelFromArtifacts(artifacts: unknown, options: LoadOptions = {}): Model {
  const a = checkArtifacts(artifacts);
  const specs = a.weightSpecs ?? [];
  // Checks the byte count (and the specs) before any layer allocates a weight.
  checkWeightBytes(specs, a.weightData);
  const model = modelFromTopology(a.modelTopology, options);
  try {
    assignWeights(model, specs, a.weightData);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/**
 * The `model.json` of a model as tfjs-layers writes it: topology, format and the weights
 * manifest whose shards are `group1-shard{i}of{n}.bin` of `shardBytes` (4 MiB) each. The
 * weight values are not read.
 *
 * @example
 * JSON.stringify(toModelJson(model), null, 2);
 */
export function toModelJson(model: Model, shardBytes = SHARD_BYTES): io.ModelJSON {
  const specs: io.WeightsManifestEntry[] = model.weights.map((w) => ({
    name: w.path,
    shape: [...w.variable.shape],
    dtype: w.variable.dtype as 'float32',
  }));
  const total = model.weights.reduce((n, w) => n + 4 * w.variable.size, 0);
  return {
    modelTopology: toModelTopology(model),
    format: LAYERS_MODEL_FORMAT,
    generatedBy: GENERATED_BY,
    convertedBy: null,
    weightsManifest: [{ paths: shardNames(total, shardBytes), weights: specs }],
  };
}

/** tfjs-converter's shard size: 4 MiB. */
export const SHARD_BYTES = 4 * 1024 * 1024;

/** `group1-shard1of3.bin`, … for `bytes` split into shards of `shardBytes`. */
export function shardNames(bytes: number, shardBytes = SHARD_BYTES): string[] {
  const n = Math.ceil(bytes / shardBytes);
  return Array.from({ length: n }, (_, i) => `group1-shard${i + 1}of${n}.bin`);
}

function checkArtifacts(artifacts: unknown): io.ModelArtifacts {
  if (!isPlainObject(artifacts) || artifacts.modelTopology == null) {
    throw new SerializationError({
      subject: 'Model artifacts',
      expected: 'a modelTopology (a tfjs-layers model.json)',
      received: isPlainObject(artifacts)
        ? `keys ${JSON.stringify(Object.keys(artifacts))}`
        : typeof artifacts,
    });
  }
  if (artifacts.format === 'graph-model' || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new SerializationError({
      subject: 'Model artifacts',
      expected: 'a layers model',
      received: 'a graph model (load it with tfjs-converter’s loadGraphModel)',
    });
  }
  if (artifacts.weightSpecs != null && !Array.isArray(artifacts.weightSpecs)) {
    throw new SerializationError({
      subject: 'Model artifacts',
      expected: 'weightSpecs, a list',
      received: typeof artifacts.weightSpecs,
    });
  }
  return artifacts as io.ModelArtifacts;
}
