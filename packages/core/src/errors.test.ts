import {
  BackendUnavailableError,
  ConfigError,
  formatShape,
  SerializationError,
  ShapeError,
  StrataError,
} from '@strata/core';
import { describe, expect, it } from 'vitest';

describe('errors', () => {
  it("follow the template '<subject>: expected X. Received: Y.'", () => {
    const e = new ShapeError({
      subject: "Layer 'dense_1'",
      expected: 'input last dimension 784',
      received: formatShape([32, 100]),
    });
    expect(e.message).toBe(
      "<Layer 'dense_1'>: expected input last dimension 784. Received: [32, 100].",
    );
    expect(e).toBeInstanceOf(StrataError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ShapeError');
    expect(e.subject).toBe("Layer 'dense_1'");
  });

  it('each type keeps its name for instanceof and logs', () => {
    const parts = { subject: 's', expected: 'e', received: 'r' };
    expect(new ConfigError(parts).name).toBe('ConfigError');
    expect(new SerializationError(parts).name).toBe('SerializationError');
  });

  it('BackendUnavailableError names the backend and the reason', () => {
    const e = new BackendUnavailableError(
      'webgpu',
      'a WebGPU adapter',
      'requestAdapter() returned null',
    );
    expect(e.message).toBe(
      "<Backend 'webgpu'>: expected a WebGPU adapter. Received: requestAdapter() returned null.",
    );
    expect(e.backend).toBe('webgpu');
    expect(e.reason).toBe('requestAdapter() returned null');
  });

  it('formatShape writes unknown dimensions as null', () => {
    expect(formatShape([null, 28, 28, 1])).toBe('[null, 28, 28, 1]');
  });
});
