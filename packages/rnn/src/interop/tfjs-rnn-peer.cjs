/**
 * The tfjs-layers side of the RNN interop tests, run in its own Node process (ENVIRONMENT.md,
 * "Running tfjs-layers beside Strata"): the union package `@tensorflow/tfjs` registers the
 * chained ops tfjs-layers needs, and its tfjs-core stays apart from Strata's.
 *
 * Usage: `node tfjs-rnn-peer.cjs request.json response.json`. The request is
 * `{cases: [{layers: [{type, config, weights}], input}]}`: each case is a Sequential model of
 * the given tfjs layers (`type` a `tf.layers` factory; `bidirectional` wraps `config.layer`,
 * `{type, config}`), its weights set from `{shape, values}`, run on `input`
 * (`{shape, dtype, values}`). The response is `{cases: [{shape, values, weightNames}]}`.
 * With `{save: {dir, input}}` instead, it builds a seeded Embedding → LSTM → Bidirectional(GRU)
 * model in tfjs-layers' own defaults, saves it to `dir` (model.json + one shard) and answers
 * its prediction on `input` as `{shape, values}`. With `{load: {dir, input}}`, it loads the
 * model Strata saved in `dir` and answers its prediction the same way.
 */
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');

function makeLayer({ type, config }) {
  if (type === 'bidirectional') {
    return tf.layers.bidirectional({ ...config, layer: makeLayer(config.layer) });
  }
  return tf.layers[type](config);
}

async function run({ layers, input }) {
  const built = layers.map(makeLayer);
  const model = tf.sequential({ layers: built });
  layers.forEach((l, i) => {
    built[i].setWeights(l.weights.map((w) => tf.tensor(w.values, w.shape)));
  });
  const x = tf.tensor(input.values, input.shape, input.dtype);
  const y = model.predict(x);
  return {
    shape: y.shape,
    values: Array.from(await y.data()),
    weightNames: model.weights.map((w) => w.name),
  };
}

async function save({ dir, input }) {
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: 8, outputDim: 4, maskZero: true, inputShape: [5] }),
      tf.layers.lstm({
        units: 3,
        returnSequences: true,
        recurrentActivation: 'sigmoid',
        kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
        recurrentInitializer: tf.initializers.glorotNormal({ seed: 2 }),
        biasInitializer: tf.initializers.randomNormal({ seed: 3 }),
      }),
      tf.layers.bidirectional({
        mergeMode: 'sum',
        layer: tf.layers.gru({
          units: 2,
          recurrentActivation: 'sigmoid',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }),
          recurrentInitializer: tf.initializers.glorotNormal({ seed: 5 }),
          biasInitializer: tf.initializers.randomNormal({ seed: 6 }),
        }),
      }),
    ],
  });
  await model.save({
    async save(artifacts) {
      fs.mkdirSync(dir, { recursive: true });
      const data = Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      fs.writeFileSync(path.join(dir, 'group1-shard1of1.bin'), data);
      const { weightData: _, weightSpecs, ...rest } = artifacts;
      const manifest = [{ paths: ['group1-shard1of1.bin'], weights: weightSpecs }];
      const json = { ...rest, weightsManifest: manifest };
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  });
  const y = model.predict(tf.tensor(input.values, input.shape, input.dtype));
  return { shape: y.shape, values: Array.from(await y.data()) };
}

async function main() {
  const [requestPath, responsePath] = process.argv.slice(2);
  const request = JSON.parse(fs.readFileSync(requestPath, 'utf8'));
  await tf.setBackend('cpu');
  if (request.load != null) {
    const { dir, input } = request.load;
    const model = await tf.loadLayersModel({
      async load() {
        const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
        const data = Buffer.concat(
          json.weightsManifest.flatMap((g) =>
            g.paths.map((p) => fs.readFileSync(path.join(dir, p))),
          ),
        );
        return {
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
          weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
        };
      },
    });
    const y = model.predict(tf.tensor(input.values, input.shape, input.dtype));
    const answer = { shape: y.shape, values: Array.from(await y.data()) };
    fs.writeFileSync(responsePath, JSON.stringify(answer));
    return;
  }
  if (request.save != null) {
    fs.writeFileSync(responsePath, JSON.stringify(await save(request.save)));
    return;
  }
  const cases = [];
  for (const c of request.cases) cases.push(await run(c));
  fs.writeFileSync(responsePath, JSON.stringify({ cases }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
