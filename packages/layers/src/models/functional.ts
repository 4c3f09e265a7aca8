import { ConfigError, type Tensor } from '@strata/core';
import type { CallContext, LayerConfig, LayerInputs, LayerOutputs } from '../layer.js';
import { InputLayer } from '../layers/input-layer.js';
import type { Shape, ShapeLike } from '../shape.js';
import { type Node, SymbolicTensor, symbolicList } from '../symbolic-tensor.js';
import { isTensor } from '../tensor-structure.js';
import { Model, type SummaryRow } from './model.js';

/** Config of a functional model. */
export interface FunctionalConfig extends LayerConfig {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
}

/**
 * A model defined by a graph of layer calls on symbolic tensors: several inputs and outputs,
 * shared layers (one layer called on several tensors shares its weights), branches, merges.
 * Running it replays the calls in topological order on real tensors.
 *
 * @example
 * const a = input({ shape: [4] });
 * const b = input({ shape: [3] });
 * const y = new Dense({ units: 1 }).apply(new Concatenate().apply([a, b]));
 * const m = model({ inputs: [a, b], outputs: y });
 */
export class Functional extends Model<FunctionalConfig> {
  static override readonly className = 'Functional';
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  /** The layer calls in the order they run. */
  readonly nodes: Node[];
  /** Every layer of the graph, in first-use order (inputs first). */
  readonly layers: Functional['nodes'][number]['layer'][];
  private readonly singleOutput: boolean;

  constructor(config: FunctionalConfig) {
    super(config);
    this.inputs = Array.isArray(config.inputs) ? config.inputs : [config.inputs];
    this.outputs = Array.isArray(config.outputs) ? config.outputs : [config.outputs];
    this.singleOutput = !Array.isArray(config.outputs);
    for (const t of this.inputs) {
      if (!(t.node?.layer instanceof InputLayer)) {
        throw new ConfigError({
          subject: `Model '${this.name}'`,
          expected: 'inputs made by input()',
          received: `tensor '${t.name}'`,
        });
      }
    }
    this.nodes = topologicalOrder(this.outputs, new Set(this.inputs.map((t) => t.id)), this.name);
    this.layers = [...new Set(this.nodes.map((n) => n.layer))];
    this.built = true;
    this.buildShape =
      this.inputs.length === 1 ? this.inputs[0].shape : this.inputs.map((t) => t.shape);
  }

  override call(inputs: LayerInputs, ctx: CallContext): LayerOutputs {
    const values = new Map<number, Tensor>();
    const masks = new Map<number, Tensor | null>();
    const given = Array.isArray(inputs)
      ? inputs
      : isTensor(inputs)
        ? [inputs as Tensor]
        : this.inputs.map((t) => (inputs as Record<string, Tensor>)[t.name]);
    if (given.length !== this.inputs.length || given.some((t) => t == null)) {
      throw new ConfigError({
        subject: `Model '${this.name}'`,
        expected: `${this.inputs.length} inputs (${this.inputs.map((t) => t.name).join(', ')})`,
        received: `${given.filter((t) => t != null).length}`,
      });
    }
    this.inputs.forEach((t, i) => {
      values.set(t.id, given[i]);
      masks.set(t.id, i === 0 ? ctx.mask : null);
    });
    for (const node of this.nodes) {
      if (node.layer instanceof InputLayer) continue;
      const args = resolve(node.inputs, values);
      const mask = masks.get(symbolicList(node.inputs)[0].id) ?? null;
      const out = node.layer.apply(args, { training: ctx.training, mask, rng: ctx.rng });
      const outMask = node.layer.computeMask(args, mask);
      const outs = Array.isArray(out) ? out : [out];
      node.outputs.forEach((t, i) => {
        values.set(t.id, outs[i]);
        masks.set(t.id, outMask);
      });
    }
    const results = this.outputs.map((t) => values.get(t.id) as Tensor);
    return this.singleOutput ? results[0] : results;
  }

  override computeOutputShape(_inputShape: ShapeLike): Shape | Shape[] {
    const shapes = this.outputs.map((t) => t.shape);
    return this.singleOutput ? shapes[0] : shapes;
  }

  override summaryRows(): SummaryRow[] {
    return this.layers.map((layer) => {
      const nodes = this.nodes.filter((n) => n.layer === layer);
      const shapes = nodes.flatMap((n) => n.outputs.map((t) => t.shape));
      return {
        name: layer.name,
        className: layer.className,
        outputShape: shapes.length === 1 ? shapes[0] : shapes,
        params: layer.countParams(),
        connectedTo: nodes.flatMap((n) =>
          symbolicList(n.inputs).map((t) => t.node?.layer.name ?? t.name),
        ),
      };
    });
  }
}

/**
 * A functional model from symbolic `inputs` to `outputs`.
 *
 * @example
 * const x = input({ shape: [784] });
 * const m = model({ inputs: x, outputs: new Dense({ units: 10 }).apply(x) as SymbolicTensor });
 */
export function model(config: FunctionalConfig): Functional {
  return new Functional(config);
}

function resolve(inputs: Node['inputs'], values: Map<number, Tensor>): LayerInputs {
  const get = (t: SymbolicTensor) => values.get(t.id) as Tensor;
  if (inputs instanceof SymbolicTensor) return get(inputs);
  if (Array.isArray(inputs)) return inputs.map(get);
  return Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, get(t)]));
}

/** The nodes producing `outputs`, each after the nodes it depends on. */
function topologicalOrder(outputs: SymbolicTensor[], inputIds: Set<number>, name: string): Node[] {
  const order: Node[] = [];
  const done = new Set<Node>();
  const visiting = new Set<Node>();
  const visit = (t: SymbolicTensor) => {
    const node = t.node;
    if (node == null || done.has(node)) return;
    if (node.layer instanceof InputLayer && !inputIds.has(t.id)) {
      throw new ConfigError({
        subject: `Model '${name}'`,
        expected: `every input the outputs depend on in 'inputs'`,
        received: `a path from input '${t.name}', which is not one of them`,
      });
    }
    if (visiting.has(node))
      throw new ConfigError({
        subject: `Model '${name}'`,
        expected: 'an acyclic graph',
        received: 'a cycle',
      });
    visiting.add(node);
    for (const x of symbolicList(node.inputs)) visit(x);
    visiting.delete(node);
    done.add(node);
    order.push(node);
  };
  for (const t of outputs) visit(t);
  return order;
}
