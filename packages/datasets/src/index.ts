/**
 * `@strata/datasets`: lazy `Dataset` pipelines, loaders, tokenizers and vocabularies, GloVe,
 * built-in and synthetic data sets.
 */

// Built-in data sets (iris and digits are shipped; cmudict and spamAssassin need optional packages).
export { type Cmudict, type CmudictOptions, cmudict } from './builtin/cmudict.js';
export { type DigitsData, digits } from './builtin/digits.js';
export { iris } from './builtin/iris.js';
export type { LabeledData } from './builtin/labeled-data.js';
export { type LabeledRow, labeledDataset } from './builtin/labeled-dataset.js';
export { importOptionalPackage, MissingPackageError } from './builtin/optional-package.js';
export {
  type SpamAssassinData,
  type SpamAssassinGroup,
  type SpamAssassinOptions,
  spamAssassin,
} from './builtin/spam-assassin.js';
// Dataset pipeline.
export { type BatchOptions, Dataset, type ItemOf, type ShuffleOptions } from './dataset.js';
export type { ItemSource } from './dataset-ops/sources.js';
export type { Batched, NumericArray, TypedArray } from './dataset-ops/stack-batch.js';
// Loaders: CSV, text lines, IDX, bytes from files and URLs (with a cache), MNIST-style sets.
export {
  type CsvColumnType,
  type CsvOptions,
  type CsvRow,
  type CsvValue,
  csvDataset,
} from './loaders/csv.js';
export { CsvParser, type CsvRecord } from './loaders/csv-parser.js';
export { FASHION_MNIST_CLASSES, FASHION_MNIST_URL, fashionMnist } from './loaders/fashion-mnist.js';
export { type FetchBytesOptions, fetchBytes } from './loaders/fetch-bytes.js';
export { gunzip, isGzip } from './loaders/gunzip.js';
export { type IdxArray, type IdxDtype, parseIdx, readIdx } from './loaders/idx.js';
export {
  ImageClassificationSet,
  type ImageDatasetOptions,
  type ImageItem,
  type ImageTensorOptions,
  type LabeledImages,
} from './loaders/image-classification-set.js';
export type { IdxImageSetOptions } from './loaders/load-idx-image-set.js';
export { MNIST_URL, mnist } from './loaders/mnist.js';
export { type ByteSource, readBytes } from './loaders/read-bytes.js';
export { textLines } from './loaders/text-lines.js';
export { splitLines, type TextSource, textChunks } from './loaders/text-source.js';
// Splitting.
export {
  type Fold,
  kFold,
  type TrainTestSplit,
  type TrainTestSplitOptions,
  trainTestSplit,
} from './split.js';
// Synthetic generators, all seeded.
export {
  type AdditionOptions,
  type AdditionProblems,
  additionProblems,
} from './synthetic/addition.js';
export { type BlobsData, type BlobsOptions, blobs } from './synthetic/blobs.js';
export { type CalendarDate, DATE_FORMATS, formatDate } from './synthetic/date-format.js';
export { type HumanDates, type HumanDatesOptions, humanDates } from './synthetic/human-dates.js';
export { type MoonsOptions, moons } from './synthetic/moons.js';
export {
  copyTask,
  reverseTask,
  type SequencePairs,
  type SequenceTaskOptions,
} from './synthetic/sequence-tasks.js';
export {
  type SineSequences,
  type SineSequencesOptions,
  sineSequences,
} from './synthetic/sine-sequences.js';
export { type TwoSpiralsOptions, twoSpirals } from './synthetic/spirals.js';
export { type XorOptions, xor } from './synthetic/xor.js';
// Text: tokenizers, vocabulary, padding, one-hot, GloVe.
export { type CharTokenizeOptions, tokenizeChars } from './text/char-tokenizer.js';
export {
  type EmbeddingMatrix,
  type GloveEmbeddingOptions,
  type GloveSource,
  gloveEmbeddingMatrix,
  loadGloveEmbeddings,
  type UnknownInit,
} from './text/glove-embedding.js';
export {
  type GloveVectors,
  type ReadGloveOptions,
  readGloveBytes,
  readGloveFile,
  readGloveText,
} from './text/glove-reader.js';
export { type NestedIds, oneHot } from './text/one-hot.js';
export { type PadSequencesOptions, padSequences } from './text/pad-sequences.js';
export {
  DEFAULT_SPECIAL_TOKENS,
  type DecodeOptions,
  type EncodeOptions,
  type SpecialTokens,
  Vocabulary,
  type VocabularyBuildOptions,
  type VocabularyJSON,
} from './text/vocabulary.js';
export { loadVocabulary, saveVocabulary } from './text/vocabulary-file.js';
export {
  KERAS_FILTERS,
  type PunctuationMode,
  type TextToWordSequenceOptions,
  textToWordSequence,
  tokenizeWords,
  type WordTokenizeOptions,
} from './text/word-tokenizer.js';
