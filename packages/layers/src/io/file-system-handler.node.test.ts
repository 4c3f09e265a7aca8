import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { memory, SerializationError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { Dense } from '../layers/dense.js';
import { sequential } from '../models/sequential.js';
import { fileSystemHandler } from './file-system-handler.js';
import { loadModel } from './load-model.js';

// Every fs call the handler makes is recorded, to check that nothing outside the model's
// folder is read or written.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const spy = <F extends (...args: never[]) => unknown>(f: F) => vi.fn(f);
  return {
    ...actual,
    readFile: spy(actual.readFile),
    writeFile: spy(actual.writeFile),
    stat: spy(actual.stat),
    realpath: spy(actual.realpath),
    rename: spy(actual.rename),
    open: spy(actual.open),
    rm: spy(actual.rm),
    readdir: spy(actual.readdir),
    mkdir: spy(actual.mkdir),
  };
});

/** The spied functions, by name. */
function spied(): [string, Mock][] {
  const { readFile, writeFile, stat, realpath, rename, open, rm, readdir, mkdir } = fs;
  const all = { readFile, writeFile, stat, realpath, rename, open, rm, readdir, mkdir };
  return Object.entries(all).map(([name, f]) => [name, vi.mocked(f) as unknown as Mock]);
}

/** Every path passed to the spied fs functions since the last `clearTouched()`. */
function touched(): string[] {
  return spied().flatMap(([name, f]) =>
    f.mock.calls.flatMap((args) =>
      // The paths: rename's two, the first argument of the others.
      (name === 'rename' ? args.slice(0, 2) : args.slice(0, 1)).map(String),
    ),
  );
}
function clearTouched(): void {
  for (const [, f] of spied()) f.mockClear();
}

let root: string;
let dir: string;
let decoy: string;
const x = () => tensor([[1, -2, 3]]);

function makeModel() {
  return sequential(
    [
      new Dense({ units: 4, inputShape: [3], activation: 'relu', name: 'hidden' }),
      new Dense({ units: 2, name: 'out' }),
    ],
    { name: 'mlp' },
  );
}

async function readJson(): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(join(dir, 'model.json'), 'utf8'));
}

async function writeJson<T>(edit: (json: T) => unknown): Promise<void> {
  const json = (await readJson()) as T;
  await fs.writeFile(join(dir, 'model.json'), JSON.stringify(edit(json) ?? json));
}

/** Loads `dir` expecting a SerializationError matching `message`, with nothing leaked or read outside. */
async function expectRefused(message: RegExp): Promise<SerializationError> {
  const before = memory().numTensors;
  clearTouched();
  const error = await loadModel(dir).catch((e) => e);
  expect(error).toBeInstanceOf(SerializationError);
  expect(error.message).toMatch(message);
  expect(memory().numTensors).toBe(before);
  for (const p of touched()) expect(p === dir || p.startsWith(dir + sep), p).toBe(true);
  return error;
}

beforeAll(async () => {
  await useBackend('cpu');
  root = await fs.mkdtemp(join(tmpdir(), 'strata-io-'));
  dir = join(root, 'model');
  decoy = join(root, 'decoy.bin');
  // Bytes a manifest pointing outside the folder would happily decode.
  await fs.writeFile(decoy, new Uint8Array(4 * 64));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  const m = makeModel();
  await m.save(dir);
  m.dispose();
});

describe('fileSystemHandler', () => {
  it('writes model.json and one shard, nothing else, and loads them back', async () => {
    const m = makeModel();
    clearTouched();
    await m.save(dir);
    expect(touched().length).toBeGreaterThan(0);
    for (const p of touched()) expect(p === dir || p.startsWith(dir + sep), p).toBe(true);
    expect((await fs.readdir(dir)).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const json = await readJson();
    expect(json).toMatchObject({ format: 'layers-model', convertedBy: null });
    expect(json.weightsManifest).toEqual([
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'hidden/kernel', shape: [3, 4], dtype: 'float32' },
          { name: 'hidden/bias', shape: [4], dtype: 'float32' },
          { name: 'out/kernel', shape: [4, 2], dtype: 'float32' },
          { name: 'out/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ]);
    const copy = await loadModel(dir);
    const input = x();
    await expectTensorsClose(copy.predict(input) as Tensor, m.predict(input) as Tensor, {
      atol: 0,
    });
    for (const t of [input, copy, m]) t.dispose();
  });

  it('splits the weights into shards and reads them back in order', async () => {
    const m = makeModel();
    await m.save(fileSystemHandler(dir, { shardBytes: 26 }));
    // 26 floats = 104 bytes = 4 shards; the previous save's single shard is gone.
    expect((await fs.readdir(dir)).sort()).toEqual([
      'group1-shard1of4.bin',
      'group1-shard2of4.bin',
      'group1-shard3of4.bin',
      'group1-shard4of4.bin',
      'model.json',
    ]);
    const copy = await loadModel(pathToFileURL(join(dir, 'model.json')).href);
    const input = x();
    await expectTensorsClose(copy.predict(input) as Tensor, m.predict(input) as Tensor, {
      atol: 0,
    });
    for (const t of [input, copy, m]) t.dispose();
  });

  it('saves to and loads from a file:// URL', async () => {
    const m = makeModel();
    const url = pathToFileURL(join(root, 'by-url')).href;
    await m.save(url);
    const copy = await loadModel(url);
    expect(copy.countParams()).toBe(m.countParams());
    copy.dispose();
    m.dispose();
  });
});

describe('loading refuses bad input', () => {
  it('model.json that is not JSON', async () => {
    await fs.writeFile(join(dir, 'model.json'), '{"modelTopology": ');
    await expectRefused(/model\.json'>: expected JSON/);
  });

  it('JSON without a modelTopology', async () => {
    await writeJson((j: { weightsManifest: unknown }) => ({ weightsManifest: j.weightsManifest }));
    await expectRefused(/expected a tfjs-layers model.json with a modelTopology.*weightsManifest/);
  });

  it('an unknown layer class, naming the package that provides it', async () => {
    await writeJson((j: { modelTopology: { config: { layers: { class_name: string }[] } } }) => {
      j.modelTopology.config.layers[1].class_name = 'LSTM';
    });
    const error = await expectRefused(/unknown class_name 'LSTM'/);
    expect(error.message).toContain('@strata/rnn');
    expect(error.subject).toBe("Layer 'out'");
  });

  it('a weight missing from the manifest', async () => {
    await writeJson((j: { weightsManifest: { weights: { name: string }[] }[] }) => {
      const group = j.weightsManifest[0];
      group.weights = group.weights.filter((w) => w.name !== 'out/bias');
    });
    await expectRefused(/<Weight 'out\/bias'>: expected an entry in the weights manifest/);
  });

  it('a weight whose shape differs, naming it, the expected and the received shape', async () => {
    await writeJson((j: { weightsManifest: { weights: { shape: number[] }[] }[] }) => {
      j.weightsManifest[0].weights[0].shape = [4, 3];
    });
    const error = await expectRefused(/Weight 'hidden\/kernel'/);
    expect(error.expected).toBe('shape [3, 4]');
    expect(error.received).toBe('shape [4, 3] in the manifest');
  });

  it('an extra weight in the manifest', async () => {
    await writeJson((j: { weightsManifest: { weights: unknown[] }[] }) => {
      j.weightsManifest[0].weights.unshift({ name: 'ghost/kernel', shape: [1], dtype: 'float32' });
    });
    await fs.appendFile(join(dir, 'group1-shard1of1.bin'), new Uint8Array(4));
    await expectRefused(/extra 'ghost\/kernel'/);
  });

  it('a truncated .bin', async () => {
    await fs.truncate(join(dir, 'group1-shard1of1.bin'), 50);
    const error = await expectRefused(/expected 104 bytes, as the manifest declares/);
    expect(error.received).toMatch(/^50 bytes/);
  });

  it.each([
    ['a relative path with ..', () => '../decoy.bin'],
    ['an absolute path', () => decoy],
    ['a URL', () => pathToFileURL(decoy).href],
  ])('a manifest path that leaves the folder: %s, before reading it', async (_, path) => {
    await writeJson((j: { weightsManifest: { paths: string[] }[] }) => {
      j.weightsManifest[0].paths = [path()];
    });
    const error = await expectRefused(/expected weight paths inside the model directory/);
    expect(error.received).toBe(`'${path()}'`);
    expect(touched()).not.toContain(decoy);
    expect(touched().some((p) => p.includes('decoy'))).toBe(false);
  });

  it('a link inside the folder that points outside it', async () => {
    await fs.symlink(decoy, join(dir, 'link.bin'));
    await writeJson((j: { weightsManifest: { paths: string[] }[] }) => {
      j.weightsManifest[0].paths = ['link.bin'];
    });
    await expectRefused(/expected weight paths inside the model directory. Received: 'link.bin'/);
    expect(vi.mocked(fs.readFile).mock.calls.map((c) => c[0])).toEqual([join(dir, 'model.json')]);
  });

  it('a manifest declaring more bytes than the files hold, before allocating', async () => {
    await writeJson((j: { weightsManifest: { weights: { shape: number[] }[] }[] }) => {
      j.weightsManifest[0].weights[0].shape = [100_000, 100_000]; // 40 GB
    });
    const error = await expectRefused(/expected 40000000056 bytes, as the manifest declares/);
    expect(error.received).toMatch(/^104 bytes/);
    // Only model.json was read: the sizes came from stat.
    expect(vi.mocked(fs.readFile).mock.calls.map((c) => c[0])).toEqual([join(dir, 'model.json')]);
  });

  it('a missing directory', async () => {
    const error = await loadModel(join(root, 'nowhere')).catch((e) => e);
    expect(error).toBeInstanceOf(SerializationError);
    expect(error.message).toMatch(/nowhere.*expected a readable model.json/);
  });
});
