import { ConfigError } from '@strata/core';
import type { Model } from '../../models/model.js';
import type { Callback, Logs } from './callback.js';
import {
  isImprovement,
  type MonitorMode,
  monitorDirection,
  requireModel,
  warnMissing,
} from './monitor.js';

/** Options of {@link ModelCheckpoint}. */
export interface ModelCheckpointOptions {
  /**
   * Where to save: a directory in Node, or a tfjs URL (`indexeddb://…`) in a browser. May hold
   * Python-style placeholders filled from the epoch (1-based, as in Keras) and the epoch
   * logs: `'ckpt/{epoch:02d}-{val_loss:.2f}'` → `'ckpt/03-0.41'`.
   */
  filepath: string;
  /** The epoch-log key compared with `saveBestOnly`. Default `'val_loss'`. */
  monitor?: string;
  /** Save only when `monitor` improves on the best so far. Default false: every epoch. */
  saveBestOnly?: boolean;
  /** `'min'`, `'max'`, or `'auto'` (from the name: losses fall, accuracies rise). */
  mode?: MonitorMode;
  /** With `saveBestOnly`, the value the first save must beat. */
  initialValueThreshold?: number;
}

/**
 * Saves the model with `model.save(path)` at the end of every epoch, or with `saveBestOnly`
 * only when `monitor` beats the best value so far (Keras's semantics: a missing monitor saves
 * anyway, with a warning). `saved` lists the paths written, in order.
 *
 * @example
 * const checkpoint = new ModelCheckpoint({ filepath: './ckpt/epoch-{epoch:02d}-{val_loss:.3f}', saveBestOnly: true });
 * await model.fit(x, y, { epochs: 20, validationSplit: 0.1, callbacks: [checkpoint] });
 * const best = await loadModel(checkpoint.saved.at(-1)!);
 * @see https://keras.io/api/callbacks/model_checkpoint/
 */
export class ModelCheckpoint implements Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly direction: 'min' | 'max' | null;
  /** The best monitored value saved so far (with `saveBestOnly`). */
  best: number | undefined;
  /** The paths saved to, in order. */
  readonly saved: string[] = [];
  private model: Model | null = null;
  private warned = false;

  constructor({
    filepath,
    monitor = 'val_loss',
    saveBestOnly = false,
    mode = 'auto',
    initialValueThreshold,
  }: ModelCheckpointOptions) {
    this.filepath = filepath;
    this.monitor = monitor;
    this.saveBestOnly = saveBestOnly;
    // Every-epoch saving never compares, so it needs no direction.
    this.direction = saveBestOnly ? monitorDirection('ModelCheckpoint', monitor, mode) : null;
    this.best = initialValueThreshold;
  }

  setModel(model: Model): void {
    this.model = model;
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const path = formatFilepath(this.filepath, { epoch: epoch + 1, ...logs });
    if (this.saveBestOnly && this.direction != null) {
      const current = logs[this.monitor];
      if (current === undefined) {
        if (!this.warned) warnMissing('ModelCheckpoint', this.monitor, logs);
        this.warned = true;
      } else if (this.best === undefined || isImprovement(this.direction, current, this.best)) {
        this.best = current;
      } else {
        return;
      }
    }
    await requireModel('ModelCheckpoint', this.model).save(path);
    this.saved.push(path);
  }
}

const PLACEHOLDER = /\{(\w+)(?::([^{}]*))?\}/g;
const SPEC = /^(0)?(\d+)?(?:\.(\d+))?([dfeEgG%])?$/;

/**
 * Fills `{name}` and `{name:spec}` placeholders with Python's format-spec mini-language
 * (zero padding, width, precision, types `d f e g %`).
 *
 * @example
 * formatFilepath('ckpt/{epoch:02d}-{val_loss:.2f}', { epoch: 3, val_loss: 0.4123 }); // 'ckpt/03-0.41'
 */
export function formatFilepath(template: string, values: Record<string, number>): string {
  return template.replace(PLACEHOLDER, (match, key: string, spec: string | undefined) => {
    const value = values[key];
    if (value === undefined) {
      throw new ConfigError({
        subject: 'ModelCheckpoint',
        expected: `filepath placeholders among ${Object.keys(values).join(', ')}`,
        received: `${match} in '${template}'`,
      });
    }
    return formatNumber(value, spec ?? '', template);
  });
}

function formatNumber(value: number, spec: string, template: string): string {
  const m = SPEC.exec(spec);
  if (m == null) {
    throw new ConfigError({
      subject: 'ModelCheckpoint',
      expected: "format specs like '02d', '.2f', '.3e' in the filepath",
      received: `'${spec}' in '${template}'`,
    });
  }
  const [, zero, width, precision, type] = m;
  const p = precision == null ? undefined : Number(precision);
  let text: string;
  switch (type) {
    case 'd':
      text = String(Math.round(value));
      break;
    case 'f':
      text = value.toFixed(p ?? 6);
      break;
    case 'e':
    case 'E':
      // Python writes at least two exponent digits: 1.5e-05.
      text = value.toExponential(p ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      if (type === 'E') text = text.toUpperCase();
      break;
    case '%':
      text = `${(value * 100).toFixed(p ?? 6)}%`;
      break;
    default:
      text = p == null && type == null ? String(value) : String(Number(value.toPrecision(p || 6)));
  }
  if (width == null) return text;
  if (zero == null) return text.padStart(Number(width));
  const sign = text.startsWith('-') ? '-' : '';
  return sign + text.slice(sign.length).padStart(Number(width) - sign.length, '0');
}
