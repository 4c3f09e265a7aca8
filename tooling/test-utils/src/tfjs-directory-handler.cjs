const fs = require('node:fs');
const path = require('node:path');

/**
 * A tfjs io handler that reads and writes a model directory (`model.json` + one weights
 * shard): tfjs has no file:// handler without tfjs-node. Shared by the tfjs-layers peers of the
 * interop tests, which run in their own Node process with the union package `@tensorflow/tfjs`.
 *
 * @param {typeof import('@tensorflow/tfjs')} tf the peer's tfjs
 * @param {string} dir the model directory
 */
function directoryHandler(tf, dir) {
  return {
    async load() {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      const weightSpecs = [];
      const buffers = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
      }
      const data = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs,
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      };
    },
    async save(artifacts) {
      fs.mkdirSync(dir, { recursive: true });
      const data = Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      fs.writeFileSync(path.join(dir, 'group1-shard1of1.bin'), data);
      const { weightData: _, weightSpecs, ...rest } = artifacts;
      const manifest = [{ paths: ['group1-shard1of1.bin'], weights: weightSpecs }];
      fs.writeFileSync(
        path.join(dir, 'model.json'),
        JSON.stringify({ ...rest, weightsManifest: manifest }),
      );
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

module.exports = { directoryHandler };
