import { SerializationError } from '@strata/core';
import type { Layer } from '../layer.js';
import { InputLayer } from '../layers/input-layer.js';
import { Functional } from '../models/functional.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { type Node, SymbolicTensor } from '../symbolic-tensor.js';
import { layerToKeras, type SerializedLayer } from './layer-config.js';

/** What `keras_version` records: the tfjs-layers release whose format Strata writes. */
export const KERAS_VERSION = 'tfjs-layers 4.22.0';
/** tfjs-layers writes `'TensorFlow.js'` through its snake_case conversion, so this. */
export const KERAS_BACKEND = 'tensor_flow.js';

/** The `modelTopology` of a `model.json`: the model as `{class_name, config}` plus versions. */
export interface ModelTopology extends SerializedLayer {
  keras_version: string;
  backend: string;
}

/**
 * The `modelTopology` of a Sequential or functional model in the tfjs-layers format: Keras
 * class names, snake_case configs, functional graphs as `inbound_nodes` lists
 * (`[[[layer_name, node_index, tensor_index, {}]]]`), `input_layers` and `output_layers`.
 * A Sequential model's first layer carries `batch_input_shape`.
 *
 * @throws SerializationError for a subclassed model (its `call` is code, not a graph).
 * @example
 * const topology = toModelTopology(sequential([new Dense({ units: 1, inputShape: [3] })]));
 * topology.config.layers[0].config.batch_input_shape; // [null, 3]
 */
export function toModelTopology(model: Model): ModelTopology {
  if (!(model instanceof Sequential || model instanceof Functional)) {
    throw new SerializationError({
      subject: `Model '${model.name}'`,
      expected: 'a Sequential or functional model (a subclassed model is code, not a graph)',
      received: `class ${model.constructor.name}`,
    });
  }
  return { ...serializeLayer(model), keras_version: KERAS_VERSION, backend: KERAS_BACKEND };
}

/** Any layer, model or not, as the file records it. */
export function serializeLayer(layer: Layer): SerializedLayer {
  if (layer instanceof Sequential) return serializeSequential(layer);
  if (layer instanceof Functional) return serializeFunctional(layer);
  return layerToKeras(layer, serializeLayer);
}

function serializeSequential(model: Sequential): SerializedLayer {
  const layers = model.layers.map(serializeLayer);
  const first = layers[0]?.config;
  // A model built by its first call has no declared input shape; the file needs one.
  if (first != null && first.batch_input_shape == null && Array.isArray(model.buildShape)) {
    first.batch_input_shape = [null, ...model.buildShape.slice(1)];
  }
  return { class_name: 'Sequential', config: { name: model.name, layers } };
}

function serializeFunctional(model: Functional): SerializedLayer {
  const inModel = new Set(model.nodes);
  const nodesOf = (layer: Layer) => layer.inboundNodes.filter((n) => inModel.has(n));
  const ref = (t: SymbolicTensor): [string, number, number] => {
    const node = t.node as Node;
    return [node.layer.name, nodesOf(node.layer).indexOf(node), t.outputIndex];
  };
  const layers = model.layers.map((layer) => ({
    name: layer.name,
    ...serializeLayer(layer),
    inbound_nodes:
      layer instanceof InputLayer ? [] : nodesOf(layer).map((node) => inboundEntries(node, ref)),
  }));
  return {
    class_name: 'Functional',
    config: {
      name: model.name,
      layers,
      input_layers: model.inputs.map(ref),
      output_layers: model.outputs.map(ref),
    },
  };
}

/**
 * The entries of one call: `[layer, node, tensor, kwargs]` per input. A named-object input
 * (`{query, value}`) records each key in kwargs as `input_key` (a Strata extension; Keras
 * passes such inputs as call keywords, which this format cannot express).
 */
function inboundEntries(
  node: Node,
  ref: (t: SymbolicTensor) => [string, number, number],
): unknown[] {
  const { inputs } = node;
  if (inputs instanceof SymbolicTensor) return [[...ref(inputs), {}]];
  if (Array.isArray(inputs)) return inputs.map((t) => [...ref(t), {}]);
  return Object.entries(inputs).map(([key, t]) => [...ref(t), { input_key: key }]);
}
