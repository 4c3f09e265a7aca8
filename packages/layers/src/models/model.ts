import {
  ConfigError,
  concat,
  dispose,
  formatShape,
  ShapeError,
  slice,
  type Tensor,
  tidy,
} from '@strata/core';
import type { ModelLocation } from '../io/resolve-handler.js';
import type { SaveResult } from '../io/save-model.js';
import { Layer, type LayerConfig, type LayerInputs, type LayerOutputs } from '../layer.js';
import type { Shape } from '../shape.js';
import { isTensor, mapTensors, tensorList } from '../tensor-structure.js';
import type { Logs } from '../training/callbacks/callback.js';
import type { History } from '../training/callbacks/history.js';
import {
  type DatasetBatch,
  type EvaluateOptions,
  evaluateLoop,
  type FitOptions,
  fitLoop,
} from '../training/fit.js';
import { type CompileArgs, Trainer } from '../training/trainer.js';

/** Options of `predict`. */
export interface PredictOptions {
  /** Samples per forward pass. Default 32. */
  batchSize?: number;
}

/** One row of `summary()`. */
export interface SummaryRow {
  name: string;
  className: string;
  outputShape: Shape | Shape[];
  params: number;
  connectedTo?: string[];
}

/**
 * A model is a layer made of layers: `Sequential`, a functional model from `model()`, or a
 * subclass that defines `call`. It adds batched inference and a summary; training (`compile`,
 * `fit`, `evaluate`) builds on the same forward pass.
 */
export abstract class Model<C extends LayerConfig = LayerConfig> extends Layer<C> {
  /** Set by a callback to end `fit` after the current batch. */
  stopTraining = false;
  private trainer: Trainer | null = null;

  /** The rows of the summary table, one per layer (sub-layers for a subclassed model). */
  summaryRows(): SummaryRow[] {
    // A subclassed model: its layers are its fields; output shapes are known only to `call`.
    return this.subLayers.map((layer) => ({
      name: layer.name,
      className: layer.className,
      outputShape: [],
      params: layer.countParams(),
    }));
  }

  /**
   * Sets the optimizer, the loss and the metrics for `fit`, `evaluate` and `trainOnBatch`.
   *
   * @example
   * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
   */
  compile(args: CompileArgs): void {
    this.trainer?.dispose();
    this.trainer = new Trainer(this, args);
  }

  /** The optimizer set by `compile`. */
  get optimizer() {
    return this.compiled('optimizer').optimizer;
  }

  private compiled(what: string): Trainer {
    if (this.trainer == null) {
      throw new ConfigError({
        subject: `Model '${this.name}'`,
        expected: `compile() before ${what}`,
        received: 'an uncompiled model',
      });
    }
    return this.trainer;
  }

  /**
   * Trains on arrays (`fit(x, y, options)`) or on a dataset of `{xs, ys}` batches
   * (`fit(dataset, options)`, any async iterable, iterated once per epoch). Losses stay on the
   * device until logs are needed (callbacks that ask, and each epoch's end).
   */
  fit(x: LayerInputs, y: LayerOutputs, options?: FitOptions): Promise<History>;
  fit(dataset: AsyncIterable<DatasetBatch>, options?: FitOptions): Promise<History>;
  async fit(
    x: LayerInputs | AsyncIterable<DatasetBatch>,
    y?: LayerOutputs | FitOptions,
    options: FitOptions = {},
  ): Promise<History> {
    const trainer = this.compiled('fit');
    if (y != null && !isTensor(y) && !Array.isArray(y) && Symbol.asyncIterator in (x as object)) {
      return fitLoop(this, trainer, x, null, y as FitOptions);
    }
    return fitLoop(this, trainer, x, (y as LayerOutputs) ?? null, options);
  }

  /** The loss and metrics over `x`, `y` (or a dataset), in inference mode. */
  evaluate(x: LayerInputs, y: LayerOutputs, options?: EvaluateOptions): Promise<Logs>;
  evaluate(dataset: AsyncIterable<DatasetBatch>, options?: EvaluateOptions): Promise<Logs>;
  async evaluate(
    x: LayerInputs | AsyncIterable<DatasetBatch>,
    y?: LayerOutputs | EvaluateOptions,
    options: EvaluateOptions = {},
  ): Promise<Logs> {
    const trainer = this.compiled('evaluate');
    if (y != null && !isTensor(y) && !Array.isArray(y) && Symbol.asyncIterator in (x as object)) {
      return evaluateLoop(this, trainer, x, null, y as EvaluateOptions);
    }
    return evaluateLoop(this, trainer, x, (y as LayerOutputs) ?? null, options);
  }

  /** One optimizer step on one batch; resolves to that batch's loss and metrics. */
  async trainOnBatch(x: LayerInputs, y: LayerOutputs): Promise<Logs> {
    const trainer = this.compiled('trainOnBatch');
    trainer.reset();
    const size = tensorList(x)[0].shape[0];
    trainer.trainStep(x, y, null, size);
    const logs = await trainer.logs();
    trainer.reset();
    return logs;
  }

  /**
   * Saves the model in the tfjs-layers format (`model.json` + weight shards): to a directory
   * path or `file://` URL in Node, a tfjs URL (`indexeddb://`, `downloads://`, `http(s)://`)
   * or `IOHandler`, or `'memory'` (then read `result.artifacts`). Loads back with `loadModel`
   * and in tfjs-layers with `tf.loadLayersModel`.
   *
   * @example
   * await model.save('./models/mlp');
   */
  async save(target: ModelLocation | 'memory'): Promise<SaveResult> {
    // Imported on use: io depends on the model classes, which depend on this one.
    const { saveModel } = await import('../io/save-model.js');
    return saveModel(this, target);
  }

  /** Frees the weights and the optimizer's and metrics' state. */
  override dispose(): void {
    this.trainer?.dispose();
    this.trainer = null;
    super.dispose();
  }

  /**
   * Runs the model in inference mode over `x` in batches of `batchSize` and concatenates the
   * outputs. Each batch's intermediates are freed before the next.
   *
   * Shapes: inputs `[samples, …]` → outputs `[samples, …]`.
   */
  predict(x: LayerInputs, { batchSize = 32 }: PredictOptions = {}): LayerOutputs {
    const inputs = tensorList(x);
    const samples = inputs[0].shape[0];
    for (const t of inputs) {
      if (t.shape[0] !== samples) {
        throw new ShapeError({
          subject: `Model '${this.name}'`,
          expected: `inputs with the same number of samples (${samples})`,
          received: `shape ${formatShape(t.shape)}`,
        });
      }
    }
    if (samples <= batchSize) return this.apply(x);
    const parts: Tensor[][] = [];
    for (let start = 0; start < samples; start += batchSize) {
      const size = Math.min(batchSize, samples - start);
      const batch = mapTensors(x, (t) => slice(t, start, size));
      const out = tidy(() => this.apply(batch));
      parts.push(Array.isArray(out) ? out : [out]);
      dispose(tensorList(batch));
    }
    const joined = parts[0].map((_, k) => {
      const y = concat(parts.map((p) => p[k]));
      for (const p of parts) p[k].dispose();
      return y;
    });
    return joined.length === 1 ? joined[0] : joined;
  }

  /**
   * The Keras-style table of layers, output shapes and parameter counts; printed with
   * `print` (default `console.log`) and returned.
   */
  summary(print: (line: string) => void = console.log): string {
    const rows = this.summaryRows();
    const connected = rows.some((r) => r.connectedTo != null);
    const head = [
      'Layer (type)',
      'Output Shape',
      'Param #',
      ...(connected ? ['Connected to'] : []),
    ];
    const cells = rows.map((r) => [
      `${r.name} (${r.className})`,
      Array.isArray(r.outputShape[0])
        ? (r.outputShape as Shape[]).map(formatShape).join(', ')
        : formatShape(r.outputShape as Shape),
      r.params.toLocaleString('en-US'),
      ...(connected ? [(r.connectedTo ?? []).join(', ')] : []),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)) + 2);
    const line = (c: string[]) =>
      c
        .map((s, i) => s.padEnd(widths[i]))
        .join('')
        .trimEnd();
    const width = widths.reduce((a, b) => a + b, 0);
    const trainable = this.trainableWeights.reduce((n, w) => n + w.variable.size, 0);
    const total = this.countParams();
    const text = [
      `Model: "${this.name}"`,
      '_'.repeat(width),
      line(head),
      '='.repeat(width),
      ...cells.flatMap((c, i) => [
        line(c),
        i < cells.length - 1 ? '_'.repeat(width) : '='.repeat(width),
      ]),
      ...(cells.length === 0 ? ['='.repeat(width)] : []),
      `Total params: ${total.toLocaleString('en-US')}`,
      `Trainable params: ${trainable.toLocaleString('en-US')}`,
      `Non-trainable params: ${(total - trainable).toLocaleString('en-US')}`,
      '_'.repeat(width),
    ].join('\n');
    print(text);
    return text;
  }
}
