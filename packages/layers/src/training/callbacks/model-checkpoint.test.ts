import { ConfigError } from '@strata/core';
import { describe, expect, it, vi } from 'vitest';
import type { Model } from '../../models/model.js';
import {
  formatFilepath,
  ModelCheckpoint,
  type ModelCheckpointOptions,
} from './model-checkpoint.js';

/** Runs the callback over epoch logs with a model whose `save` only records the path. */
async function drive(options: ModelCheckpointOptions, epochLogs: Record<string, number>[]) {
  const save = vi.fn(async (_path: string) => ({}));
  const checkpoint = new ModelCheckpoint(options);
  checkpoint.setModel({ save } as unknown as Model);
  for (const [epoch, logs] of epochLogs.entries()) await checkpoint.onEpochEnd(epoch, logs);
  return { checkpoint, paths: save.mock.calls.map((c) => c[0]) };
}

const VAL = [0.5, 0.7, 0.3, 0.4].map((v) => ({ loss: 1, val_loss: v }));

describe('ModelCheckpoint', () => {
  it('fills {epoch} (from 1) and Python-style {key:spec} placeholders from the logs', () => {
    const values = { epoch: 3, val_loss: 0.41234, loss: -1.5, acc: 0.875 };
    expect(formatFilepath('ckpt/{epoch:02d}-{val_loss:.2f}', values)).toBe('ckpt/03-0.41');
    expect(formatFilepath('{epoch}-{loss}', values)).toBe('3--1.5');
    expect(formatFilepath('{val_loss:.3e}|{acc:.1%}|{loss:06.2f}', values)).toBe(
      '4.123e-01|87.5%|-01.50',
    );
    expect(formatFilepath('{epoch:4d}', values)).toBe('   3');
  });

  it('rejects a placeholder the logs do not have', async () => {
    await expect(drive({ filepath: 'ckpt-{val_acc:.2f}' }, VAL)).rejects.toThrow(ConfigError);
    expect(() => formatFilepath('ckpt-{val_acc}', { epoch: 1, val_loss: 1 })).toThrow(
      "<ModelCheckpoint>: expected filepath placeholders among epoch, val_loss. Received: {val_acc} in 'ckpt-{val_acc}'.",
    );
  });

  it('saves every epoch by default', async () => {
    const { paths, checkpoint } = await drive({ filepath: 'm/{epoch:02d}-{val_loss:.2f}' }, VAL);
    expect(paths).toEqual(['m/01-0.50', 'm/02-0.70', 'm/03-0.30', 'm/04-0.40']);
    expect(checkpoint.saved).toEqual(paths);
  });

  it('with saveBestOnly saves only the epochs that improve the monitor', async () => {
    const min = await drive({ filepath: 'm/{epoch}', saveBestOnly: true }, VAL);
    expect(min.paths).toEqual(['m/1', 'm/3']);
    expect(min.checkpoint.best).toBe(0.3);
    const max = await drive({ filepath: 'm/{epoch}', saveBestOnly: true, mode: 'max' }, VAL);
    expect(max.paths).toEqual(['m/1', 'm/2']);
    const threshold = await drive(
      { filepath: 'm/{epoch}', saveBestOnly: true, initialValueThreshold: 0.35 },
      VAL,
    );
    expect(threshold.paths).toEqual(['m/3']);
  });

  it('saves anyway, with a warning, when the monitor is missing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { paths } = await drive({ filepath: 'm/{epoch}', saveBestOnly: true }, [
      { loss: 1 },
      { loss: 2 },
    ]);
    expect(paths).toEqual(['m/1', 'm/2']);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0][0]).toContain("monitor 'val_loss' is not in the epoch logs");
    warn.mockRestore();
  });
});
