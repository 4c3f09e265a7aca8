import type { Options as BarOptions, Params as BarParams, SingleBar } from 'cli-progress';
import type { BatchEnd, Callback, Logs, TrainBegin } from './callback.js';

/** Where the bar is written: `process.stdout` or anything with `write` (and `isTTY`). */
export interface ProgressStream {
  write(chunk: string): unknown;
  /** A terminal gets a live bar; anything else one plain line per epoch. */
  isTTY?: boolean;
  columns?: number;
}

/** What `onProgress` is told, at most every `updateEvery` ms and at each epoch's end. */
export interface ProgressInfo {
  epoch: number;
  epochs: number;
  /** Batches done in this epoch. */
  step: number;
  /** Batches per epoch, when known. */
  steps: number | null;
  /** Samples done in this epoch. */
  samples: number;
  samplesPerSecond: number;
  /** Seconds left in this epoch, when the number of steps is known. */
  etaSeconds: number | null;
  /** Running loss and metrics of the epoch (with `val_*` at its end). */
  logs: Logs;
  epochEnd: boolean;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /**
   * Output. Default: `process.stdout` in Node, none in browsers. `null`: no output, the
   * browser behaviour (yield to the event loop, call `onProgress`).
   */
  stream?: ProgressStream | null;
  /** Least milliseconds between two read-backs of the running logs for the bar. Default 100. */
  updateEvery?: number;
  /** Without a stream, yield to the event loop when this many ms have passed. Default 50. */
  yieldEvery?: number;
  /** Called with fresh logs at most every `updateEvery` ms, and at the end of each epoch. */
  onProgress?: (info: ProgressInfo) => void;
}

interface Payload {
  epoch: number;
  epochs: number;
  rate: number;
  logs: Logs;
  unknownTotal: boolean;
}

type CliProgress = typeof import('cli-progress');

const BAR_SIZE = 30;

/**
 * Shows training progress: epoch `i/N`, step `j/steps`, samples/s, ETA, loss and metrics.
 * In a Node terminal it draws a live bar with `cli-progress` (loaded on first use, so browser
 * bundles never load it); on a stream that is not a terminal (CI logs) it prints one line per
 * epoch; in browsers it draws nothing, yields to the event loop every `yieldEvery` ms so the
 * page stays responsive, and calls `onProgress`. The running logs are read back from the
 * device at most once per `updateEvery` ms (and never when nothing shows them), not each batch.
 * `fit` adds one for `verbose: 1`, the default.
 *
 * @example
 * await model.fit(x, y, { epochs: 10, verbose: 0, callbacks: [new ProgressBar({ updateEvery: 250 })] });
 * // In a browser: update a chart instead of a bar.
 * new ProgressBar({ onProgress: ({ epoch, step, logs }) => chart.push(epoch, step, logs.loss) });
 */
export class ProgressBar implements Callback {
  private readonly stream: ProgressStream | null;
  private readonly updateEvery: number;
  private readonly yieldEvery: number;
  private readonly onProgress: ((info: ProgressInfo) => void) | undefined;
  private cli: CliProgress | null = null;
  private bar: SingleBar | null = null;
  private epochs = 0;
  private steps: number | null = null;
  private epoch = 0;
  private step = 0;
  private samples = 0;
  private started = 0;
  private lastRead = 0;
  private lastYield = 0;
  private logs: Logs = {};

  constructor({ stream, updateEvery = 100, yieldEvery = 50, onProgress }: ProgressBarOptions = {}) {
    this.stream = stream === undefined ? nodeStdout() : stream;
    this.updateEvery = updateEvery;
    this.yieldEvery = yieldEvery;
    this.onProgress = onProgress;
  }

  private get live(): boolean {
    return this.stream?.isTTY === true;
  }

  async onTrainBegin(info: TrainBegin): Promise<void> {
    this.epochs = info.epochs;
    this.steps = info.steps;
    if (this.live && this.cli == null) {
      const mod = (await import(
        /* webpackIgnore: true */ /* @vite-ignore */ 'cli-progress'
      )) as CliProgress & { default?: CliProgress };
      this.cli = mod.SingleBar != null ? mod : (mod.default as CliProgress);
    }
  }

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
    this.step = 0;
    this.samples = 0;
    this.logs = {};
    this.started = performance.now();
    this.lastRead = this.started;
    this.lastYield = this.started;
    if (this.live && this.cli != null) {
      this.bar ??= this.createBar(this.cli);
      this.bar.start(this.steps ?? 0, 0, this.payload());
    }
  }

  async onBatchEnd(end: BatchEnd): Promise<void> {
    this.step = end.batch + 1;
    this.samples += end.size;
    const now = performance.now();
    const read = (this.live || this.onProgress != null) && now - this.lastRead >= this.updateEvery;
    if (read) {
      this.logs = await end.logs();
      this.lastRead = now;
      this.onProgress?.(this.info(false));
    }
    if (this.bar != null) {
      this.bar.update(this.step, this.payload());
      // Fresh logs are drawn at once; between reads cli-progress redraws at its own pace.
      if (read) this.bar.render();
    }
    if (this.stream == null && now - this.lastYield >= this.yieldEvery) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.lastYield = performance.now();
    }
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch = epoch;
    this.logs = logs;
    // Datasets tell the number of steps only once an epoch has run through.
    this.steps ??= this.step;
    if (this.bar != null) {
      // The live line is cut at the terminal's width; the epoch's summary line is written in
      // full in its place, so that no metric is lost.
      this.bar.stop();
      this.stream?.write(`${this.line(BAR_SIZE)}\n`);
    } else if (this.stream != null) {
      this.stream.write(`${this.line(0)}\n`);
    }
    this.onProgress?.(this.info(true));
  }

  onTrainEnd(): void {
    if (this.bar?.isActive) this.bar.stop();
  }

  private rate(): number {
    const seconds = (performance.now() - this.started) / 1000;
    return seconds > 0 ? this.samples / seconds : 0;
  }

  private info(epochEnd: boolean): ProgressInfo {
    const rate = this.rate();
    const perStep = this.step > 0 ? this.samples / this.step : 0;
    return {
      epoch: this.epoch,
      epochs: this.epochs,
      step: this.step,
      steps: this.steps,
      samples: this.samples,
      samplesPerSecond: rate,
      etaSeconds:
        this.steps == null || rate === 0 ? null : ((this.steps - this.step) * perStep) / rate,
      logs: this.logs,
      epochEnd,
    };
  }

  private payload(): Payload {
    return {
      epoch: this.epoch,
      epochs: this.epochs,
      rate: this.rate(),
      logs: this.logs,
      unknownTotal: this.steps == null,
    };
  }

  /** The summary line of an epoch, with a full bar of `barSize` characters on terminals. */
  private line(barSize: number): string {
    const seconds = (performance.now() - this.started) / 1000;
    const bar = barSize > 0 ? ` ${'='.repeat(barSize)}` : ' -';
    return [
      `Epoch ${this.epoch + 1}/${this.epochs}${bar} ${this.step}/${this.steps ?? '?'}`,
      formatSeconds(seconds),
      `${formatRate(this.rate())} samples/s`,
      ...formatLogs(this.logs),
    ].join(' - ');
  }

  private createBar(cli: CliProgress): SingleBar {
    const formatBar = cli.Format.BarFormat as (progress: number, options: BarOptions) => string;
    const options: BarOptions = {
      stream: this.stream as NodeJS.WritableStream,
      // cli-progress redraws at most `fps` times a second; match the read-back cadence.
      fps: 1000 / Math.max(this.updateEvery, 16),
      barsize: BAR_SIZE,
      clearOnComplete: true,
      // Trim to the terminal width instead of toggling the terminal's line wrapping, which
      // would stay off if training threw mid-epoch.
      linewrap: true,
      emptyOnZero: true,
      // cli-progress's SIGINT handler would swallow Ctrl-C (the process would not exit).
      gracefulExit: false,
      hideCursor: false,
      format: (opts: BarOptions, params: BarParams, payload: Payload) => {
        const total = payload.unknownTotal ? '?' : String(params.total);
        const eta = payload.unknownTotal
          ? formatSeconds(((params.stopTime ?? Date.now()) - params.startTime) / 1000)
          : `ETA ${typeof params.eta === 'number' ? formatSeconds(params.eta) : '?'}`;
        return [
          `Epoch ${payload.epoch + 1}/${payload.epochs} ${formatBar(params.progress, opts)} ${params.value}/${total}`,
          eta,
          `${formatRate(payload.rate)} samples/s`,
          ...formatLogs(payload.logs),
        ].join(' - ');
      },
    };
    return unrefBar(cli.SingleBar, options);
  }
}

/**
 * A cli-progress bar whose redraw timer is unref'd: it cannot keep Node alive when `fit`
 * throws before the bar is stopped.
 */
function unrefBar(Base: CliProgress['SingleBar'], options: BarOptions): SingleBar {
  const bar = new Base(options) as SingleBar & { timer?: { unref?(): void } | null };
  const render = bar.render.bind(bar);
  // The timer reschedules `this.render`, so the instance method covers every redraw.
  bar.render = () => {
    render();
    bar.timer?.unref?.();
  };
  return bar;
}

/**
 * The progress callback `fit` adds for `verbose: 1`: a {@link ProgressBar} with its defaults.
 *
 * @example
 * await model.fit(x, y, { verbose: 0, callbacks: [defaultProgress()] }); // same as verbose: 1
 */
export function defaultProgress(): Callback {
  return new ProgressBar();
}

function nodeStdout(): ProgressStream | null {
  const g = globalThis as { process?: { stdout?: ProgressStream }; window?: unknown };
  return g.window === undefined && typeof g.process?.stdout?.write === 'function'
    ? g.process.stdout
    : null;
}

/** Keras's log format: 4 decimals, or scientific notation below 1e-3. */
function formatLogs(logs: Logs): string[] {
  return Object.entries(logs).map(([k, v]) => {
    const abs = Math.abs(v);
    return `${k}: ${abs !== 0 && abs < 1e-3 ? v.toExponential(4) : v.toFixed(4)}`;
  });
}

function formatRate(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m < 60 ? `${m}m ${s}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}
