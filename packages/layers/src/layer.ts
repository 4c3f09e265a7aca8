import {
  ConfigError,
  type DataType,
  formatShape,
  getInitializer,
  globalRandom,
  type InitializerIdentifier,
  type RandomStream,
  ShapeError,
  type Tensor,
  tidy,
  type Variable,
  variable,
} from '@strata/core';
import { toSnakeCase, uniqueName, uniqueVariableName } from './naming.js';
import { isSingleShape, type Shape, type ShapeLike } from './shape.js';
import {
  isSymbolic,
  type Node,
  type SymbolicInputs,
  SymbolicTensor,
  symbolicList,
} from './symbolic-tensor.js';
import { isTensor } from './tensor-structure.js';

/*
 * The layer contract, in one place.
 *
 * - The constructor stores a typed, JSON-safe config (Keras names in camelCase: `units`,
 *   `activation: 'relu'`). Nothing is allocated.
 * - `build(inputShape)` runs once, on the first `apply`, and creates the weights with
 *   `addWeight(name, shape, initializer)`.
 * - `call(inputs, ctx)` is the math on tensors; `ctx` carries `training`, the input `mask`
 *   and the random stream `rng`. Multi-input layers take a list (merge layers) or a named
 *   object (`{query, value, key}`), never tensors plus loose keyword arguments.
 * - `computeOutputShape(inputShape)` gives the output shape without running the math;
 *   `computeMask(inputs, mask)` the output mask (default: the input mask passes through).
 * - `getConfig()` returns the config again (with `name` and `trainable`), and
 *   `static className` is the Keras class name, which is what the saved format records.
 * - Layers held in fields (or arrays in fields) are sub-layers: their weights are this
 *   layer's weights too.
 * - `apply(tensors)` builds if needed, checks the input, and runs `call` inside `tidy`, so
 *   intermediates are freed. `apply(symbolicTensors)` records a node of a functional model.
 */

/** What `call` gets besides its inputs. */
export interface CallContext {
  /** True while training (`fit`, `trainOnBatch`): dropout drops, statistics update. */
  training: boolean;
  /** The mask of the inputs, `[batch, time]`, 1 where a step is real; null when unmasked. */
  mask: Tensor | null;
  /** The random stream this call draws from (dropout); seeded by `seed(n)` or the caller. */
  rng: RandomStream;
}

/** Options of an eager `apply`. */
export interface ApplyOptions {
  training?: boolean;
  mask?: Tensor | null;
  rng?: RandomStream;
}

/** The config every layer accepts. */
export interface LayerConfig {
  /** Unique within a model; default: the snake_case class name with a counter (`dense_2`). */
  name?: string;
  /** Whether `fit` updates this layer's weights. Default true. */
  trainable?: boolean;
  /** The input shape without the batch dimension, for the first layer of a Sequential model. */
  inputShape?: Shape;
  /** The weights' dtype. Only float32 is supported. */
  dtype?: 'float32';
}

export type LayerInputs = Tensor | Tensor[] | Record<string, Tensor>;
export type LayerOutputs = Tensor | Tensor[];

/** A weight of a layer: the tfjs variable and the name it is saved under. */
export interface LayerWeight {
  /** The name within the layer (`kernel`). */
  name: string;
  /** The saved name (`dense_1/kernel`), as in the tfjs-layers weights manifest. */
  path: string;
  variable: Variable;
  trainable: boolean;
}

/** Constraints on a layer's input, checked on every `apply` once the layer is built. */
export interface InputSpec {
  minRank?: number;
  /** Required sizes of some axes (negative counts from the end): `{ [-1]: 784 }`. */
  axes?: Record<number, number>;
}

export abstract class Layer<C extends LayerConfig = LayerConfig> {
  /** The Keras class name, recorded in saved models. */
  static readonly className: string = 'Layer';

  readonly name: string;
  protected readonly config: C;
  trainable: boolean;
  built = false;
  /** The shape the layer was built for. */
  buildShape: ShapeLike | null = null;
  protected inputSpec: InputSpec | null = null;
  /** Functional-model calls of this layer (more than one for a shared layer). */
  readonly inboundNodes: Node[] = [];
  private readonly ownWeights: LayerWeight[] = [];

  constructor(config: C) {
    this.config = config;
    this.name = config.name ?? uniqueName(toSnakeCase(this.className));
    this.trainable = config.trainable ?? true;
    if (config.dtype != null && config.dtype !== 'float32') {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: "dtype 'float32'",
        received: `'${config.dtype}'`,
      });
    }
  }

  /** The Keras class name of this layer's class. */
  get className(): string {
    return (this.constructor as typeof Layer).className;
  }

  /** Creates the weights for inputs of `inputShape`. Called once, by the first `apply`. */
  build(_inputShape: ShapeLike): void {}

  /** The layer's math. `inputs` are concrete tensors; runs inside `tidy`. */
  abstract call(inputs: LayerInputs, ctx: CallContext): LayerOutputs;

  /** The output shape for an input shape; default: unchanged. */
  computeOutputShape(inputShape: ShapeLike): Shape | Shape[] {
    return isSingleShape(inputShape) ? inputShape : Object.values(inputShape)[0];
  }

  /** The dtype of the output for an input dtype; default float32 (ids in, vectors out). */
  computeOutputDtype(_inputDtype: DataType): DataType {
    return 'float32';
  }

  /** The output mask; default: the input mask passes through unchanged. */
  computeMask(_inputs: LayerInputs, mask: Tensor | null): Tensor | null {
    return mask;
  }

  /** The config to save: the constructor's config plus `name` and `trainable`. */
  getConfig(): C & { name: string; trainable: boolean } {
    return { ...this.config, name: this.name, trainable: this.trainable };
  }

  /**
   * Creates a weight (a tfjs variable) initialised by `initializer`, owned by this layer and
   * saved as `<layer name>/<name>`.
   */
  protected addWeight(
    name: string,
    shape: number[],
    initializer: InitializerIdentifier,
    { trainable = true, dtype = 'float32' }: { trainable?: boolean; dtype?: DataType } = {},
  ): Variable {
    const path = `${this.name}/${name}`;
    const init = getInitializer(initializer);
    const value = tidy(() =>
      variable(init.apply(shape, dtype as 'float32'), trainable, uniqueVariableName(path)),
    );
    this.ownWeights.push({ name, path, variable: value, trainable });
    return value;
  }

  /** The layers held in this layer's fields (directly or in arrays), in field order. */
  get subLayers(): Layer[] {
    const found = new Set<Layer>();
    for (const value of Object.values(this)) {
      if (value instanceof Layer) found.add(value);
      else if (Array.isArray(value)) for (const v of value) if (v instanceof Layer) found.add(v);
    }
    found.delete(this);
    return [...found];
  }

  /** All weights: this layer's, then its sub-layers'. */
  get weights(): LayerWeight[] {
    return [...this.ownWeights, ...this.subLayers.flatMap((l) => l.weights)];
  }

  /** The weights `fit` updates (none when `trainable` is false). */
  get trainableWeights(): LayerWeight[] {
    if (!this.trainable) return [];
    return [
      ...this.ownWeights.filter((w) => w.trainable),
      ...this.subLayers.flatMap((l) => l.trainableWeights),
    ];
  }

  /** The weights `fit` leaves alone. */
  get nonTrainableWeights(): LayerWeight[] {
    const trainable = new Set(this.trainableWeights);
    return this.weights.filter((w) => !trainable.has(w));
  }

  /** The number of scalars in all weights. */
  countParams(): number {
    return this.weights.reduce((n, w) => n + w.variable.size, 0);
  }

  /** Copies of the weight values, in `weights` order. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => w.variable.clone());
  }

  /** Assigns weight values in `weights` order; shapes must match. */
  setWeights(values: Tensor[]): void {
    const weights = this.weights;
    if (values.length !== weights.length) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `${weights.length} weight values`,
        received: `${values.length}`,
      });
    }
    weights.forEach((w, i) => {
      if (!sameShape(w.variable.shape, values[i].shape)) {
        throw new ShapeError({
          subject: `Layer '${this.name}'`,
          expected: `weight '${w.path}' of shape ${formatShape(w.variable.shape)}`,
          received: `shape ${formatShape(values[i].shape)}`,
        });
      }
    });
    weights.forEach((w, i) => {
      w.variable.assign(values[i]);
    });
  }

  /** Builds the layer for `inputShape` unless it is built. */
  ensureBuilt(inputShape: ShapeLike): void {
    if (this.built) return;
    this.build(inputShape);
    this.buildShape = inputShape;
    this.built = true;
  }

  /**
   * Runs the layer. On tensors: builds if needed, checks the input against the layer's
   * input spec, and runs `call` inside `tidy`. On symbolic tensors (functional models):
   * records the call and returns symbolic outputs.
   */
  apply(inputs: SymbolicInputs): SymbolicTensor | SymbolicTensor[];
  apply(inputs: LayerInputs, options?: ApplyOptions): LayerOutputs;
  apply(
    inputs: LayerInputs | SymbolicInputs,
    options: ApplyOptions = {},
  ): LayerOutputs | SymbolicTensor | SymbolicTensor[] {
    if (isSymbolic(inputs)) return this.applySymbolic(inputs);
    const tensors = inputs as LayerInputs;
    const shape = shapeOf(tensors);
    this.ensureBuilt(shape);
    this.checkInput(shape);
    const ctx: CallContext = {
      training: options.training ?? false,
      mask: options.mask ?? null,
      rng: options.rng ?? globalRandom(),
    };
    return tidy(() => this.call(tensors, ctx));
  }

  private applySymbolic(inputs: SymbolicInputs): SymbolicTensor | SymbolicTensor[] {
    const shape = mapStructure(inputs, (t) => t.shape);
    this.ensureBuilt(shape);
    this.checkInput(shape);
    const outShape = this.computeOutputShape(shape);
    const node: Node = { layer: this, inputs, outputs: [] };
    const shapes = isSingleShape(outShape as ShapeLike)
      ? [outShape as Shape]
      : (outShape as Shape[]);
    const dtype = this.computeOutputDtype(symbolicList(inputs)[0].dtype);
    node.outputs = shapes.map(
      (s, i) =>
        new SymbolicTensor(s, dtype, `${this.name}/out${shapes.length > 1 ? i : ''}`, node, i),
    );
    this.inboundNodes.push(node);
    return node.outputs.length === 1 ? node.outputs[0] : node.outputs;
  }

  /** Checks a single input's shape against `inputSpec`; throws a ShapeError naming the layer. */
  protected checkInput(shape: ShapeLike): void {
    const spec = this.inputSpec;
    if (spec == null || !isSingleShape(shape)) return;
    if (spec.minRank != null && shape.length < spec.minRank) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `an input of rank ≥ ${spec.minRank}`,
        received: `shape ${formatShape(shape)}`,
      });
    }
    for (const [key, size] of Object.entries(spec.axes ?? {})) {
      const axis = Number(key) < 0 ? shape.length + Number(key) : Number(key);
      if (shape[axis] != null && shape[axis] !== size) {
        const which = Number(key) === -1 ? 'last dimension' : `dimension ${axis}`;
        throw new ShapeError({
          subject: `Layer '${this.name}'`,
          expected: `input ${which} ${size}`,
          received: `shape ${formatShape(shape)}`,
        });
      }
    }
  }

  /** Frees the weights of this layer and its sub-layers. */
  dispose(): void {
    for (const w of this.weights) w.variable.dispose();
    this.ownWeights.length = 0;
    for (const l of this.subLayers) l.dispose();
    this.built = false;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The shape structure of concrete inputs. */
export function shapeOf(inputs: LayerInputs): ShapeLike {
  if (Array.isArray(inputs)) return inputs.map((t) => [...t.shape]);
  if (isTensor(inputs)) return [...(inputs as Tensor).shape];
  return Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, [...t.shape]]));
}

function mapStructure(inputs: SymbolicInputs, f: (t: SymbolicTensor) => Shape): ShapeLike {
  if (inputs instanceof SymbolicTensor) return f(inputs);
  if (Array.isArray(inputs)) return inputs.map(f);
  return Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, f(t)]));
}
