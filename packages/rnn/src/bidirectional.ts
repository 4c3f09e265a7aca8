import { add, ConfigError, concat, mul, reverse, type Tensor } from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '@strata/layers';
import { RNN, type RNNOptions } from './rnn.js';
import type { Shape, ShapeLike } from './rnn-cell.js';

/** How `Bidirectional` combines the two directions; null returns both. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

/** Config of `Bidirectional`. */
export interface BidirectionalConfig extends LayerConfig {
  /** The recurrent layer to run both ways; copied (from its config) into each direction. */
  layer: RNN<RNNOptions>;
  /** Default `'concat'`. */
  mergeMode?: MergeMode;
}

const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave', null];

/**
 * Runs a copy of a recurrent layer forwards and another backwards over the sequence and
 * merges them: `y = merge(fwd(x), reverse(bwd(reverse(x))))`, merge one of concat (last
 * axis), sum, mul, ave, or null (the list `[y_fwd, y_bwd]`). The copies are named
 * `forward_<layer>` and `backward_<layer>`, and their weights are saved as tfjs-layers does:
 * `<bidirectional>/forward_<layer>/kernel`. A mask (from the layer before) goes to both.
 *
 * Shapes: `[batch, time, features]` → `[batch, (time,) 2·units]` with concat, `[batch,
 * (time,) units]` otherwise; with `returnState`, followed by the forward then the backward
 * states.
 *
 * @example
 * const bi = new Bidirectional({ layer: new LSTM({ units: 16, returnSequences: true }) });
 * const y = bi.apply(x); // [32, 10, 8] → [32, 10, 32]
 * @see Schuster & Paliwal, "Bidirectional recurrent neural networks", IEEE Trans. Signal
 * Processing 45 (1997).
 */
export class Bidirectional extends Layer<BidirectionalConfig> {
  static override readonly className = 'Bidirectional';
  readonly forward: RNN<RNNOptions>;
  readonly backward: RNN<RNNOptions>;

  constructor(config: BidirectionalConfig) {
    super(config);
    const { layer, mergeMode = 'concat' } = config;
    if (!(layer instanceof RNN)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'a recurrent layer (RNN, LSTM, GRU, SimpleRNN)',
        received: String((layer as unknown as Layer | undefined)?.className ?? layer),
      });
    }
    if (!MERGE_MODES.includes(mergeMode)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: `mergeMode one of ${MERGE_MODES.map(String).join(', ')}`,
        received: `'${mergeMode}'`,
      });
    }
    this.forward = copyOf(layer, `forward_${layer.name}`, false);
    this.backward = copyOf(layer, `backward_${layer.name}`, true);
  }

  private get mergeMode(): MergeMode {
    return this.config.mergeMode === undefined ? 'concat' : this.config.mergeMode;
  }

  override build(inputShape: ShapeLike): void {
    for (const direction of [this.forward, this.backward]) {
      direction.ensureBuilt(inputShape);
      for (const w of direction.weights) w.path = `${this.name}/${w.path}`;
    }
  }

  override call(inputs: LayerInputs, ctx: CallContext): Tensor | Tensor[] {
    const list = (y: Tensor | Tensor[]): Tensor[] => (Array.isArray(y) ? y : [y]);
    const [yf, ...statesF] = list(this.forward.call(inputs, ctx));
    let [yb, ...statesB] = list(this.backward.call(inputs, ctx));
    if (this.forward.getConfig().returnSequences) yb = reverse(yb, 1);
    const merged = this.merge(yf, yb);
    return [...merged, ...statesF, ...statesB].length === 1
      ? merged[0]
      : [...merged, ...statesF, ...statesB];
  }

  private merge(yf: Tensor, yb: Tensor): Tensor[] {
    switch (this.mergeMode) {
      case 'concat':
        return [concat([yf, yb], -1)];
      case 'sum':
        return [add(yf, yb)];
      case 'mul':
        return [mul(yf, yb)];
      case 'ave':
        return [mul(add(yf, yb), 0.5)];
      default:
        return [yf, yb];
    }
  }

  override computeOutputShape(inputShape: ShapeLike): Shape | Shape[] {
    const shapes = this.forward.computeOutputShape(inputShape);
    const [output, ...states] = (Array.isArray(shapes[0]) ? shapes : [shapes]) as Shape[];
    const last = output[output.length - 1];
    const merged =
      this.mergeMode === 'concat'
        ? [[...output.slice(0, -1), last == null ? null : 2 * last]]
        : this.mergeMode == null
          ? [output, output]
          : [output];
    const all = [...merged, ...states, ...states];
    return all.length === 1 ? all[0] : all;
  }

  override computeMask(inputs: LayerInputs, mask: Tensor | null): Tensor | null {
    return this.forward.computeMask(inputs, mask);
  }

  override getConfig(): BidirectionalConfig & { name: string; trainable: boolean } {
    return { ...super.getConfig(), mergeMode: this.mergeMode };
  }
}

/** A fresh, unbuilt copy of a recurrent layer, made from its class and config. */
function copyOf(layer: RNN<RNNOptions>, name: string, flip: boolean): RNN<RNNOptions> {
  const config: Record<string, unknown> = { ...layer.getConfig(), name };
  if (flip) config.goBackwards = !config.goBackwards;
  const cell = config.cell as Layer | undefined;
  if (cell != null) {
    const { name: _, ...cellConfig } = cell.getConfig();
    config.cell = new (cell.constructor as new (c: unknown) => Layer)(cellConfig);
  }
  return new (layer.constructor as new (c: unknown) => RNN<RNNOptions>)(config);
}
