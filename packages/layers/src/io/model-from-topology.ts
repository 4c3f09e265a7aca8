import { SerializationError } from '@strata/core';
import type { Layer } from '../layer.js';
import { InputLayer } from '../layers/input-layer.js';
import { model as functionalModel } from '../models/functional.js';
import { Model } from '../models/model.js';
import { sequential } from '../models/sequential.js';
import type { LayerRegistry } from '../registry.js';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { isPlainObject } from './keras-case.js';
import { kerasToLayerConfig, type SerializedLayer } from './layer-config.js';
import { resolveLayerClass, withCoreRegistry } from './resolve-layer-class.js';

/** Options of {@link modelFromTopology} and `loadModel`. */
export interface LoadOptions {
  /**
   * Registries to resolve `class_name`s through besides `@strata/layers`'s (always
   * included), e.g. `[rnn.registry]`.
   */
  registries?: readonly LayerRegistry[];
}

/**
 * Rebuilds a Sequential or functional model from a tfjs-layers/Keras `modelTopology` (also
 * the Keras converter's `{model_config, …}` wrapper). The weights are freshly initialised;
 * `loadModel` assigns the saved ones. On an error, whatever was built is disposed.
 *
 * @throws SerializationError for a malformed topology or an unknown class (naming the
 *   package that provides it).
 * @example
 * const m = modelFromTopology(toModelTopology(original), { registries: [rnn.registry] });
 */
export function modelFromTopology(topology: unknown, options: LoadOptions = {}): Model {
  const root =
    isPlainObject(topology) && isPlainObject(topology.model_config)
      ? topology.model_config
      : topology;
  const built: Layer[] = [];
  const ctx = { registries: withCoreRegistry(options.registries), built };
  try {
    const model = deserializeLayer(root, ctx, 'modelTopology');
    if (!(model instanceof Model)) {
      throw malformed('modelTopology', 'a Sequential or functional model', model.className);
    }
    return model;
  } catch (error) {
    for (const layer of built) layer.dispose();
    throw error;
  }
}

interface Context {
  registries: LayerRegistry[];
  /** Every layer made so far, to dispose on an error. */
  built: Layer[];
}

function deserializeLayer(serialized: unknown, ctx: Context, where: string): Layer {
  if (!isPlainObject(serialized) || typeof serialized.class_name !== 'string') {
    throw malformed(where, '{class_name, config}', describe(serialized));
  }
  const className = serialized.class_name;
  const config = serialized.config;
  let layer: Layer;
  if (className === 'Sequential') layer = sequentialFrom(config, ctx, where);
  else if (className === 'Functional' || className === 'Model') {
    layer = functionalFrom(config, ctx, where);
  } else {
    if (!isPlainObject(config))
      throw malformed(where, `a config object for ${className}`, describe(config));
    const name = typeof config.name === 'string' ? config.name : className;
    const cls = resolveLayerClass(className, ctx.registries, `Layer '${name}'`);
    const strataConfig = kerasToLayerConfig(className, config, (nested) =>
      deserializeLayer(nested, ctx, `Layer '${name}'`),
    );
    layer = new cls(strataConfig as never);
  }
  ctx.built.push(layer);
  return layer;
}

function sequentialFrom(config: unknown, ctx: Context, where: string): Layer {
  // tfjs-layers writes {name, layers}; old Keras files write the list alone.
  const entries = Array.isArray(config) ? config : isPlainObject(config) ? config.layers : null;
  if (!Array.isArray(entries))
    throw malformed(where, 'a Sequential config with layers', describe(config));
  const name = isPlainObject(config) && typeof config.name === 'string' ? config.name : undefined;
  let list = entries as SerializedLayer[];
  // Keras 2 starts a Sequential with an InputLayer entry; Strata declares the shape on the first layer.
  if (list[0]?.class_name === 'InputLayer' && list.length > 1) {
    const shape = list[0].config?.batch_input_shape ?? list[0].config?.batch_shape;
    list = [
      { ...list[1], config: { ...list[1].config, batch_input_shape: shape } },
      ...list.slice(2),
    ];
  }
  const layers = list.map((entry, i) => deserializeLayer(entry, ctx, `Model '${name}' layer ${i}`));
  return sequential(layers, { name });
}

function functionalFrom(config: unknown, ctx: Context, where: string): Layer {
  if (!isPlainObject(config) || !Array.isArray(config.layers)) {
    throw malformed(
      where,
      'a functional config with layers, input_layers, output_layers',
      describe(config),
    );
  }
  const subject = `Model '${String(config.name)}'`;
  const byName = new Map<string, Layer>();
  const pending: { layer: Layer; nodes: unknown[]; done: number }[] = [];
  const outputs = new Map<string, SymbolicTensor[]>();
  for (const entry of config.layers as unknown[]) {
    const layer = deserializeLayer(entry, ctx, subject);
    if (byName.has(layer.name))
      throw malformed(subject, 'unique layer names', `'${layer.name}' twice`);
    byName.set(layer.name, layer);
    if (layer instanceof InputLayer) outputs.set(`${layer.name}#0`, [layer.output]);
    else {
      const nodes = (entry as SerializedLayer).inbound_nodes;
      if (!Array.isArray(nodes))
        throw malformed(subject, `inbound_nodes of '${layer.name}'`, describe(nodes));
      pending.push({ layer, nodes, done: 0 });
    }
  }
  const tensorOf = (ref: unknown): SymbolicTensor | undefined => {
    if (!Array.isArray(ref) || typeof ref[0] !== 'string')
      throw malformed(subject, '[layer_name, node_index, tensor_index]', describe(ref));
    return outputs.get(`${ref[0]}#${ref[1] ?? 0}`)?.[Number(ref[2] ?? 0)];
  };
  // Apply each layer's calls in order, as soon as their inputs exist (shared layers may
  // be called on tensors made later in the list).
  for (let progress = true; progress; ) {
    progress = false;
    for (const p of pending) {
      while (p.done < p.nodes.length) {
        const entries = nodeEntries(p.nodes[p.done]);
        if (entries == null)
          throw malformed(
            subject,
            `inbound node entries of '${p.layer.name}'`,
            describe(p.nodes[p.done]),
          );
        const tensors = entries.map(tensorOf);
        if (tensors.some((t) => t == null)) break;
        const keys = entries.map((e) => (isPlainObject(e[3]) ? e[3].input_key : undefined));
        const args = keys.every((k) => typeof k === 'string')
          ? Object.fromEntries(keys.map((k, i) => [k, tensors[i] as SymbolicTensor]))
          : tensors.length === 1
            ? (tensors[0] as SymbolicTensor)
            : (tensors as SymbolicTensor[]);
        const out = p.layer.apply(args);
        outputs.set(`${p.layer.name}#${p.done}`, Array.isArray(out) ? out : [out]);
        p.done += 1;
        progress = true;
      }
    }
  }
  const stuck = pending.find((p) => p.done < p.nodes.length);
  if (stuck != null) {
    throw malformed(
      subject,
      `inbound_nodes of '${stuck.layer.name}' that name existing layers`,
      JSON.stringify(stuck.nodes[stuck.done]),
    );
  }
  const ends = (key: string): SymbolicTensor[] => {
    // Keras 3 writes a single input or output as one reference, not a list of them.
    const refs =
      Array.isArray(config[key]) && typeof config[key][0] === 'string'
        ? [config[key]]
        : config[key];
    if (!Array.isArray(refs) || refs.length === 0)
      throw malformed(subject, `a list of ${key}`, describe(refs));
    return refs.map((r) => tensorOf(r) ?? missing(subject, key, r));
  };
  const inputs = ends('input_layers');
  const outs = ends('output_layers');
  const name = typeof config.name === 'string' ? config.name : undefined;
  return functionalModel({
    name,
    inputs: inputs.length === 1 ? inputs[0] : inputs,
    outputs: outs.length === 1 ? outs[0] : outs,
  });
}

/**
 * The `[layer, node, tensor, kwargs]` entries of one call: tfjs-layers and Keras 2 write
 * them as a list; Keras 3 as `{args, kwargs}` whose tensors carry `keras_history`.
 */
function nodeEntries(node: unknown): unknown[][] | null {
  if (Array.isArray(node)) return node.length > 0 && node.every(Array.isArray) ? node : null;
  if (!isPlainObject(node)) return null;
  const found: unknown[][] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (isPlainObject(x)) {
      const history = (x.config as { keras_history?: unknown } | undefined)?.keras_history;
      if (x.class_name === '__keras_tensor__' && Array.isArray(history))
        found.push([...history, {}]);
    }
  };
  visit(node.args);
  return found.length > 0 ? found : null;
}

function missing(subject: string, key: string, ref: unknown): never {
  throw malformed(subject, `${key} that name existing layers`, JSON.stringify(ref));
}

function malformed(subject: string, expected: string, received: string): SerializationError {
  return new SerializationError({ subject, expected, received });
}

function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  const text = JSON.stringify(x) ?? String(x);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
