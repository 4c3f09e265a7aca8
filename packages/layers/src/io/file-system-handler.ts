import { io, SerializationError } from '@strata/core';
import { SHARD_BYTES, shardNames } from './artifacts.js';
import { isPlainObject } from './keras-case.js';
import { weightByteLength } from './weights.js';

/** The names `shardNames` gives. */
const SHARD_NAME = /^group\d+-shard\d+of\d+\.bin$/;

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

/** Node's fs and path, imported on first use so that browsers never load them. */
async function node(): Promise<{ fs: Fs; path: Path }> {
  const [fs, path] = await Promise.all([
    import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises'),
    import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:path'),
  ]);
  return { fs, path };
}

/** Options of {@link fileSystemHandler}. */
export interface FileSystemHandlerOptions {
  /** The size of a weight shard in bytes. Default 4 MiB, as tfjs-converter. */
  shardBytes?: number;
}

/**
 * A tfjs `IOHandler` for a directory in Node: `save` writes `model.json` and weight shards
 * `group1-shard{i}of{n}.bin` of 4 MiB (as tfjs-converter does), each under a temporary name
 * first and renamed into place, `model.json` last, so a reader never sees a half-written
 * model. `load` reads a directory (or the path of its `model.json`) and refuses, before
 * reading any weights, a manifest path that leaves the directory (`..`, absolute, a link out)
 * and a manifest declaring more bytes than the files hold.
 *
 * @example
 * await model.save(fileSystemHandler('./models/mlp'));
 * const copy = await loadModel(fileSystemHandler('./models/mlp'));
 */
export function fileSystemHandler(
  target: string,
  { shardBytes = SHARD_BYTES }: FileSystemHandlerOptions = {},
): io.IOHandler {
  return {
    save: (artifacts) => saveToDirectory(target, artifacts, shardBytes),
    load: () => loadFromDirectory(target),
  };
}

async function saveToDirectory(
  dir: string,
  artifacts: io.ModelArtifacts,
  shardBytes: number,
): Promise<io.SaveResult> {
  const { fs, path } = await node();
  await fs.mkdir(dir, { recursive: true });
  const data = new Uint8Array(io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
  const names = shardNames(data.byteLength, shardBytes);
  const files: [string, Uint8Array | string][] = names.map((name, i) => [
    name,
    data.subarray(i * shardBytes, (i + 1) * shardBytes),
  ]);
  const { weightData: _, weightSpecs, ...rest } = artifacts;
  const modelJson = { ...rest, weightsManifest: [{ paths: names, weights: weightSpecs ?? [] }] };
  files.push(['model.json', JSON.stringify(modelJson)]);
  const suffix = `.tmp-${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const written: string[] = [];
  try {
    for (const [name, content] of files) {
      await fs.writeFile(path.join(dir, name + suffix), content);
      written.push(name);
    }
    // model.json is renamed last: once it is there, its shards are too.
    for (const [name] of files)
      await fs.rename(path.join(dir, name + suffix), path.join(dir, name));
  } catch (error) {
    await Promise.all(written.map((name) => fs.rm(path.join(dir, name + suffix), { force: true })));
    throw error;
  }
  // Shards of an earlier save with more shards would confuse a reader of the folder.
  const stale = (await fs.readdir(dir)).filter((f) => SHARD_NAME.test(f) && !names.includes(f));
  await Promise.all(stale.map((f) => fs.rm(path.join(dir, f), { force: true })));
  return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
}

async function loadFromDirectory(target: string): Promise<io.ModelArtifacts> {
  const { fs, path } = await node();
  const jsonPath = target.endsWith('.json') ? target : path.join(target, 'model.json');
  const dir = path.dirname(jsonPath);
  const subject = `File '${jsonPath}'`;
  let text: string;
  try {
    text = await fs.readFile(jsonPath, 'utf8');
  } catch (error) {
    throw new SerializationError(
      { subject, expected: 'a readable model.json', received: (error as Error).message },
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SerializationError(
      { subject, expected: 'JSON', received: (error as Error).message },
      { cause: error },
    );
  }
  if (!isPlainObject(json) || json.modelTopology == null) {
    throw new SerializationError({
      subject,
      expected: 'a tfjs-layers model.json with a modelTopology',
      received: isPlainObject(json) ? `keys ${JSON.stringify(Object.keys(json))}` : typeof json,
    });
  }
  const groups = checkManifest(json.weightsManifest ?? [], subject);
  // Every path is checked (names, then where links lead, then sizes) before any is read.
  const realDir = await fs.realpath(dir);
  for (const group of groups) {
    const groupSizes: number[] = [];
    for (const p of group.paths) {
      const file = path.join(dir, p);
      const real = await fs.realpath(file).catch(() => path.join(realDir, p));
      if (!real.startsWith(realDir + path.sep)) throw outside(subject, p);
      groupSizes.push((await fs.stat(file).catch(() => ({ size: 0 }))).size);
    }
    const declared = group.weights.reduce((n, spec) => n + weightByteLength(spec), 0);
    const held = groupSizes.reduce((a, b) => a + b, 0);
    if (held < declared) {
      throw new SerializationError({
        subject: `Weights ${group.paths.map((p) => `'${p}'`).join(', ')} of '${jsonPath}'`,
        expected: `${declared} bytes, as the manifest declares`,
        received: `${held} bytes in the files (truncated or missing)`,
      });
    }
  }
  const weightData: ArrayBuffer[] = [];
  for (const group of groups) {
    for (const p of group.paths) {
      const bytes = await fs.readFile(path.join(dir, p));
      weightData.push(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    }
  }
  const { weightsManifest: _, ...rest } = json;
  return {
    ...(rest as io.ModelArtifacts),
    weightSpecs: groups.flatMap((g) => g.weights),
    weightData,
  };
}

/** The manifest's groups, every path a plain relative name inside the directory. */
function checkManifest(manifest: unknown, subject: string): io.WeightsManifestConfig {
  const ok =
    Array.isArray(manifest) &&
    manifest.every(
      (g) =>
        isPlainObject(g) &&
        Array.isArray(g.paths) &&
        g.paths.every((p) => typeof p === 'string') &&
        Array.isArray(g.weights),
    );
  if (!ok) {
    throw new SerializationError({
      subject,
      expected: 'weightsManifest, a list of {paths, weights}',
      received: JSON.stringify(manifest)?.slice(0, 80) ?? String(manifest),
    });
  }
  for (const group of manifest as io.WeightsManifestConfig) {
    for (const p of group.paths) if (!isInsidePath(p)) throw outside(subject, p);
  }
  return manifest as io.WeightsManifestConfig;
}

/** A relative path with no `..`, no root, no drive, no scheme and no NUL. */
export function isInsidePath(p: string): boolean {
  if (p === '' || p.includes('\0') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(p)) return false;
  if (p.startsWith('/') || p.startsWith('\\')) return false;
  return !p.split(/[/\\]/).some((part) => part === '..');
}

function outside(subject: string, p: string): SerializationError {
  return new SerializationError({
    subject,
    expected: 'weight paths inside the model directory',
    received: `'${p}'`,
  });
}
