/**
 * What every runnable example shares: its command-line flags, whether it is the program being
 * run, and clock readings.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, type BackendName, ConfigError } from '@strata/core';

/** The flags every example takes; each example's own defaults fill the gaps. */
export interface ExampleFlags {
  /** `--backend cpu|wasm|webgl|webgpu`. */
  backend?: BackendName;
  /** `--epochs N`. */
  epochs?: number;
  /** `--limit N`: train on the first N samples only (a quick run). */
  limit?: number;
  /** `--batch N`. */
  batch?: number;
  /** Example-specific string flags, e.g. `--data-dir`. */
  extra: Record<string, string | undefined>;
}

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value == null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError({
      subject: `--${flag}`,
      expected: 'a positive integer',
      received: `'${value}'`,
    });
  }
  return n;
}

/**
 * Reads `--backend`, `--epochs`, `--limit`, `--batch` and the example's own `extra` string
 * flags from `argv` (default: this process's arguments). Positional arguments (the example's
 * name when run through `pnpm example`) are ignored.
 *
 * @example
 * const flags = parseExampleFlags(['--epochs', '3', '--data-dir', '/data'], ['data-dir']);
 * // { epochs: 3, extra: { 'data-dir': '/data' } }
 */
export function parseExampleFlags(
  argv: readonly string[] = process.argv.slice(2),
  extra: readonly string[] = [],
): ExampleFlags {
  const options = Object.fromEntries(
    ['backend', 'epochs', 'limit', 'batch', ...extra].map((name) => [
      name,
      { type: 'string' as const },
    ]),
  );
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options,
    allowPositionals: true,
  });
  const strings = values as Record<string, string | undefined>;
  const backend = strings.backend;
  if (backend != null && !BACKEND_NAMES.includes(backend as BackendName)) {
    throw new ConfigError({
      subject: '--backend',
      expected: `one of ${BACKEND_NAMES.join(', ')}`,
      received: `'${backend}'`,
    });
  }
  return {
    backend: backend as BackendName | undefined,
    epochs: positiveInteger('epochs', strings.epochs),
    limit: positiveInteger('limit', strings.limit),
    batch: positiveInteger('batch', strings.batch),
    extra: Object.fromEntries(extra.map((name) => [name, strings[name]])),
  };
}

/**
 * Whether the module at `moduleUrl` is the script Node was started with (`tsx
 * examples/x.ts`), as opposed to imported by the example runner or a test.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script == null) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/** `83.2` → `'1 min 23 s'`, `4.25` → `'4.3 s'`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - 60 * minutes)} s`;
}

/** `1` → `'1 epoch'`, `12` → `'12 epochs'`. */
export function epochCount(n: number): string {
  return `${n} epoch${n === 1 ? '' : 's'}`;
}
