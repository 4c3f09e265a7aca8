import type { Model } from '../../models/model.js';
import type { BatchEnd, Callback } from './callback.js';
import { requireModel } from './monitor.js';

/** Options of {@link TerminateOnNaN}. */
export interface TerminateOnNaNOptions {
  /** Where the message goes. Default `console.warn`. */
  print?: (message: string) => void;
}

/**
 * Stops training after the first batch whose loss is NaN or infinite, and records where:
 * `terminatedAt` is `{epoch, batch}` and `message` reads "Batch 3 of epoch 0 produced a NaN
 * loss; stopping." (also printed). Unlike the other callbacks it reads the batch loss back
 * from the device after **every** batch (one sync per batch), which slows training on GPU
 * backends; leave it out once a model trains stably.
 *
 * @example
 * const nan = new TerminateOnNaN();
 * await model.fit(x, y, { epochs: 10, callbacks: [nan] });
 * if (nan.terminatedAt != null) console.log(nan.message);
 * @see https://keras.io/api/callbacks/terminate_on_nan/
 */
export class TerminateOnNaN implements Callback {
  /** The epoch and batch (both from 0) whose loss was not finite; null while all were. */
  terminatedAt: { epoch: number; batch: number } | null = null;
  /** What was printed when training stopped. */
  message: string | null = null;
  private readonly print: (message: string) => void;
  private model: Model | null = null;
  private epoch = 0;

  constructor({ print = console.warn }: TerminateOnNaNOptions = {}) {
    this.print = print;
  }

  setModel(model: Model): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.terminatedAt = null;
    this.message = null;
  }

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  async onBatchEnd(end: BatchEnd): Promise<void> {
    const loss = await end.batchLoss();
    if (Number.isFinite(loss)) return;
    this.terminatedAt = { epoch: this.epoch, batch: end.batch };
    this.message = `Batch ${end.batch} of epoch ${this.epoch} produced a${Number.isNaN(loss) ? ' NaN' : 'n infinite'} loss; stopping.`;
    this.print(this.message);
    requireModel('TerminateOnNaN', this.model).stopTraining = true;
  }
}
