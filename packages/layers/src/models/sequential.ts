import { ConfigError, engine, type Tensor } from '@strata/core';
import type { CallContext, Layer, LayerConfig } from '../layer.js';
import { type Shape, type ShapeLike, singleShape } from '../shape.js';
import { Model, type SummaryRow } from './model.js';

/** Config of `Sequential`. */
export interface SequentialConfig extends LayerConfig {
  layers?: Layer[];
}

/**
 * A plain stack of layers, each feeding the next; masks flow from layer to layer (an
 * `Embedding({maskZero})` masks the recurrent layers after it).
 *
 * @example
 * const m = sequential([
 *   new Dense({ units: 128, activation: 'relu', inputShape: [784] }),
 *   new Dense({ units: 10, activation: 'softmax' }),
 * ]);
 */
export class Sequential extends Model<SequentialConfig> {
  static override readonly className = 'Sequential';
  readonly layers: Layer[] = [];
  private readonly outputShapes = new Map<Layer, Shape | Shape[]>();

  constructor(config: SequentialConfig = {}) {
    super({ ...config, layers: undefined });
    for (const layer of config.layers ?? []) this.add(layer);
  }

  /** Appends a layer; builds the model when the first layer declares its `inputShape`. */
  add(layer: Layer): this {
    if (this.built) {
      throw new ConfigError({
        subject: `Model '${this.name}'`,
        expected: 'layers added before the model is built',
        received: `layer '${layer.name}' after build`,
      });
    }
    this.layers.push(layer);
    const declared = (this.layers[0].getConfig() as LayerConfig).inputShape;
    if (declared != null && this.layers.length === 1) this.declaredShape = [null, ...declared];
    return this;
  }

  private declaredShape: Shape | null = null;

  /** Builds every layer, passing each its predecessor's output shape. */
  override build(inputShape: ShapeLike): void {
    let shape: ShapeLike = singleShape(this.name, inputShape);
    for (const layer of this.layers) {
      layer.ensureBuilt(shape);
      const out = layer.computeOutputShape(shape);
      this.outputShapes.set(layer, out);
      shape = out as ShapeLike;
    }
  }

  /** Builds the model now from the first layer's declared `inputShape`, if it has one. */
  buildFromDeclaredShape(): boolean {
    if (this.built || this.declaredShape == null) return this.built;
    this.ensureBuilt(this.declaredShape);
    return true;
  }

  /**
   * Runs the layers in turn. Outside a gradient tape (inference) each intermediate output is
   * freed as soon as the next layer has read it, as tfjs-layers does, so that peak memory is
   * two layers' outputs rather than all of them, and the backend reuses freed buffers.
   */
  override call(inputs: Tensor, ctx: CallContext): Tensor {
    const freeAsWeGo = !engine().isTapeOn();
    let x = inputs;
    let mask = ctx.mask;
    for (const layer of this.layers) {
      const y = layer.apply(x, { training: ctx.training, mask, rng: ctx.rng }) as Tensor;
      mask = layer.computeMask(x, mask);
      if (freeAsWeGo && x !== inputs && x !== y && x !== mask) x.dispose();
      x = y;
    }
    return x;
  }

  override computeOutputShape(inputShape: ShapeLike): Shape | Shape[] {
    let shape: ShapeLike = inputShape;
    for (const layer of this.layers) shape = layer.computeOutputShape(shape) as ShapeLike;
    return shape as Shape;
  }

  override summaryRows(): SummaryRow[] {
    this.buildFromDeclaredShape();
    return this.layers.map((layer) => ({
      name: layer.name,
      className: layer.className,
      outputShape: this.outputShapes.get(layer) ?? ['?' as unknown as number],
      params: layer.countParams(),
    }));
  }
}

/**
 * A `Sequential` model of `layers`, built at once when the first layer declares `inputShape`.
 *
 * @example
 * const m = sequential([new Dense({ units: 1, inputShape: [2] })]);
 */
export function sequential(
  layers: Layer[],
  config: Omit<SequentialConfig, 'layers'> = {},
): Sequential {
  const model = new Sequential({ ...config, layers });
  model.buildFromDeclaredShape();
  return model;
}
