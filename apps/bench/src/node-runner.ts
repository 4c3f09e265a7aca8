/** Runs the shared measurement in this Node process (cpu, wasm). */
import { cpus, platform, release } from 'node:os';
import { version_core } from '@strata/core';
import { cpuReference, measureBackend, type ProgressListener } from './measure.js';
import type { BackendName, BackendResult, BenchConfig, Environment } from './types.js';

export const NODE_BACKENDS: readonly BackendName[] = ['cpu', 'wasm'];

export interface NodeRunOptions {
  config: BenchConfig;
  backends?: readonly BackendName[];
  onProgress?: ProgressListener;
  onResult?: (result: BackendResult) => void;
}

/** Measures each backend in turn against a cpu reference computed once. */
export async function runNode(options: NodeRunOptions): Promise<BackendResult[]> {
  const { config, backends = NODE_BACKENDS, onProgress, onResult } = options;
  const restore = silenceNodeBanner();
  try {
    const reference = cpuReference(config.seed);
    reference.catch(() => undefined); // reported per backend by measureBackend
    const results: BackendResult[] = [];
    for (const backend of backends) {
      const result = await measureBackend({
        place: 'node',
        backend,
        config,
        reference,
        onProgress,
      });
      results.push(result);
      onResult?.(result);
    }
    return results;
  } finally {
    restore();
  }
}

/** The Node half of the environment block (the browser runner adds Chromium's). */
export function nodeEnvironment(): Environment {
  const cores = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()} ${process.arch}`,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    tfjsCore: version_core,
    chromium: null,
  };
}

const BANNER = 'looks like you are running TensorFlow.js in Node.js';

/**
 * Drops tfjs-backend-cpu's "Hi, looks like you are running TensorFlow.js in Node.js" banner
 * (and only it) from console.warn; returns a function that puts console.warn back.
 */
export function silenceNodeBanner(): () => void {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    if (args.some((a) => typeof a === 'string' && a.includes(BANNER))) return;
    original.apply(console, args);
  };
  return () => {
    console.warn = original;
  };
}
