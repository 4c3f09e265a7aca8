import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  BackendUnavailableError,
  ConfigError,
  getBackend,
  useBackend,
  useBestBackend,
} from '@strata/core';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeWasmDir } from './runtime.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

describe('useBackend in plain Node', () => {
  it('starts wasm with no configuration, SIMD on, and closes its kernel gaps', async () => {
    const info = await useBackend('wasm');
    expect(info).toMatchObject({ name: 'wasm', simd: true, threads: 1 });
    expect(info.kernelGaps).toContain('UnsortedSegmentSum');
    expect(getBackend()).toBe('wasm');
  });

  it('finds the .wasm binaries of the installed package', async () => {
    const dir = await nodeWasmDir();
    expect(dir).toMatch(/tfjs-backend-wasm\/dist\/$/);
  });

  it('throws BackendUnavailableError for webgpu, saying there is no navigator.gpu', async () => {
    const error = await useBackend('webgpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).backend).toBe('webgpu');
    expect((error as Error).message).toMatch(
      /^<Backend 'webgpu'>: expected .*\. Received: navigator\.gpu is undefined/,
    );
  });

  it('throws BackendUnavailableError for webgl, saying no context can be created', async () => {
    const error = await useBackend('webgl').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).reason).toMatch(/no WebGL context/);
  });

  it('rejects an unknown backend name with a ConfigError', async () => {
    await expect(useBackend('tpu' as 'cpu')).rejects.toThrow(ConfigError);
    await expect(useBackend('tpu' as 'cpu')).rejects.toThrow(
      /expected one of cpu, wasm, webgl, webgpu\. Received: "tpu"/,
    );
  });

  it('useBestBackend skips webgpu and webgl with their reasons and picks wasm', async () => {
    const { info, skipped } = await useBestBackend();
    expect(info.name).toBe('wasm');
    expect(skipped.map((s) => s.name)).toEqual(['webgpu', 'webgl']);
    for (const s of skipped) expect(s.reason.length).toBeGreaterThan(10);
  });
});

describe('a bundled script (esbuild)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function bundle(useOption: boolean): Promise<string> {
    const entry = join(dir, `entry-${useOption}.ts`);
    writeFileSync(
      entry,
      `import { matMul, tensor, useBackend } from '@strata/core';
      (async () => {
        try {
          const info = await useBackend('wasm', ${useOption ? '{ wasmPaths: process.env.WASM_DIR }' : '{}'});
          const y = matMul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]]));
          console.log(JSON.stringify({ backend: info.name, simd: info.simd, values: Array.from(await y.data()) }));
        } catch (e) {
          console.log(JSON.stringify({ error: e.name, message: e.message }));
        }
      })();`,
    );
    const outfile = join(dir, `bundle-${useOption}.cjs`);
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      logLevel: 'silent',
      alias: { '@strata/core': resolve(here, 'index.ts') },
    });
    return outfile;
  }

  it('runs matMul on wasm when the wasm path option points at the binaries', async () => {
    const wasmDir = await nodeWasmDir();
    const file = await bundle(true);
    const { stdout } = await run(process.execPath, [file], {
      env: { ...process.env, WASM_DIR: wasmDir ?? '' },
      cwd: dir,
    });
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    expect(out).toEqual({ backend: 'wasm', simd: true, values: [19, 22, 43, 50] });
  });

  it('without the option, fails with BackendUnavailableError (the binaries are not beside the bundle)', async () => {
    const file = await bundle(false);
    // No NODE_PATH (pnpm sets one): nothing may lead the bundle to the installed package.
    const { NODE_PATH: _, ...env } = process.env;
    const { stdout } = await run(process.execPath, [file], { cwd: dir, env, timeout: 30_000 });
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    expect(out.error, stdout).toBe('BackendUnavailableError');
    expect(out.message).toMatch(/<Backend 'wasm'>/);
  });
});
