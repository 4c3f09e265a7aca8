import {
  getKernel,
  type KernelConfig,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { conv2DCpu } from './cpu/conv2d.js';
import { conv2DBackpropFilterCpu } from './cpu/conv2d-backprop-filter.js';
import { conv2DBackpropInputCpu } from './cpu/conv2d-backprop-input.js';
import { depthwiseConv2dNativeCpu, fusedDepthwiseConv2DCpu } from './cpu/depthwise-conv2d.js';
import { strataMatMulCpu } from './cpu/fast-mat-mul.js';
import { fusedConv2DCpu } from './cpu/fused-conv2d.js';
import { maxPoolGradCpu } from './cpu/max-pool-grad.js';
import { unsortedSegmentSumCpu } from './cpu/unsorted-segment-sum.js';
import { conv2DBackpropFilterWasm } from './wasm/conv2d-backprop-filter.js';
import { conv2DBackpropInputWasm } from './wasm/conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilterWasm } from './wasm/depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputWasm } from './wasm/depthwise-conv2d-backprop-input.js';
import { maxPoolGradWasm } from './wasm/max-pool-grad.js';
import { unsortedSegmentSumWasm } from './wasm/unsorted-segment-sum.js';

/**
 * A kernel Strata adds to a backend: one tfjs 4.22 lacks (so a layer cannot train there) or,
 * with `replaces`, one it has but that is too slow to use.
 */
export interface KernelGap extends KernelConfig {
  /** Why the backend needs it, with what tfjs does without it. */
  reason: string;
  /** Replace the backend's own kernel instead of only filling a missing one. */
  replaces?: boolean;
}

/**
 * The kernel-gap registry: every kernel Strata registers, by backend. Add an entry here (one
 * file per kernel under `kernels/<backend>/`) and `useBackend` registers it on activation.
 */
export const kernelGaps: readonly KernelGap[] = [
  unsortedSegmentSumWasm,
  unsortedSegmentSumCpu,
  conv2DBackpropFilterWasm,
  conv2DBackpropInputWasm,
  maxPoolGradWasm,
  depthwiseConv2dBackpropFilterWasm,
  depthwiseConv2dBackpropInputWasm,
  strataMatMulCpu,
  conv2DBackpropFilterCpu,
  conv2DBackpropInputCpu,
  conv2DCpu,
  fusedConv2DCpu,
  depthwiseConv2dNativeCpu,
  fusedDepthwiseConv2DCpu,
  maxPoolGradCpu,
];

const registered = new Set<string>();
/** The backend's own kernels that a `replaces` gap took the place of, by `backend/kernel`. */
const originals = new Map<string, KernelConfig>();

/**
 * Registers the kernel gaps of `backendName` that are not registered yet and returns the
 * names of all Strata kernels active on that backend. `useBackend` calls it; call it yourself
 * only if you activate backends with tfjs's `setBackend`.
 */
export function registerKernelGaps(backendName: string): string[] {
  const active: string[] = [];
  for (const gap of kernelGaps) {
    if (gap.backendName !== backendName) continue;
    const key = `${gap.backendName}/${gap.kernelName}`;
    if (!registered.has(key)) {
      const existing = getKernel(gap.kernelName, gap.backendName);
      if (existing != null && !gap.replaces) continue; // tfjs has it now: prefer its kernel
      if (existing != null) {
        originals.set(key, existing);
        unregisterKernel(gap.kernelName, gap.backendName);
      }
      registerKernel(gap);
      registered.add(key);
    }
    active.push(gap.kernelName);
  }
  return active;
}

/**
 * Puts `backendName` back to tfjs's stock kernels — every Strata kernel unregistered, every
 * replaced tfjs kernel restored — until the returned function is called, which registers
 * Strata's again. For measuring another library on the same engine without Strata's kernels
 * (the benchmark runs tfjs-layers this way); nothing Strata-built should run in between.
 */
export function suspendKernelGaps(backendName: string): () => void {
  const suspended: KernelGap[] = [];
  for (const gap of kernelGaps) {
    const key = `${gap.backendName}/${gap.kernelName}`;
    if (gap.backendName !== backendName || !registered.has(key)) continue;
    unregisterKernel(gap.kernelName, gap.backendName);
    const original = originals.get(key);
    if (original != null) registerKernel(original);
    suspended.push(gap);
  }
  return () => {
    for (const gap of suspended) {
      if (originals.has(`${gap.backendName}/${gap.kernelName}`)) {
        unregisterKernel(gap.kernelName, gap.backendName);
      }
      registerKernel(gap);
    }
  };
}
