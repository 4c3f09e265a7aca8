export { AdamW, type AdamWOptions, type NamedTensor } from './adam-w.js';
export { clipGradientsByGlobalNorm, clipGradientsByValue } from './clipping.js';
export {
  type CosineDecayOptions,
  cosineDecay,
  type ExponentialDecayOptions,
  exponentialDecay,
  type LearningRateSchedule,
  type ScheduleConfig,
  type StepDecayOptions,
  scheduleFromConfig,
  stepDecay,
} from './schedules.js';
