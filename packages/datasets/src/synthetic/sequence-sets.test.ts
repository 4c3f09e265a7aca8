import { ConfigError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { additionProblems } from './addition.js';
import { copyTask, reverseTask } from './sequence-tasks.js';
import { sineSequences } from './sine-sequences.js';

describe('additionProblems', () => {
  it('writes correct sums, padded as in the Keras example', () => {
    const { queries, answers, a, b, queryLength, answerLength } = additionProblems({
      n: 2000,
      digits: 3,
      seed: 1,
    });
    expect([queryLength, answerLength]).toEqual([7, 4]);
    for (let i = 0; i < queries.length; i++) {
      expect(queries[i]).toHaveLength(7);
      expect(answers[i]).toHaveLength(4);
      const [x, y] = queries[i].trim().split('+').map(Number);
      expect([x, y]).toEqual([a[i], b[i]]);
      expect(Number(answers[i].trim())).toBe(x + y);
      expect(x).toBeLessThan(1000);
    }
    const keys = new Set(Array.from(a, (x, i) => `${Math.min(x, b[i])}+${Math.max(x, b[i])}`));
    expect(keys.size).toBe(2000);
    expect(additionProblems({ n: 2000, digits: 3, seed: 1 }).queries).toEqual(queries);
  });

  it('reverses the padded query on request', () => {
    const plain = additionProblems({ n: 50, seed: 2 });
    const reversed = additionProblems({ n: 50, seed: 2, reverse: true });
    expect(reversed.queries).toEqual(plain.queries.map((q) => [...q].reverse().join('')));
    expect(reversed.answers).toEqual(plain.answers);
  });

  it('refuses more unique problems than exist', () => {
    expect(additionProblems({ n: 55, digits: 1, seed: 0 }).queries).toHaveLength(55);
    expect(() => additionProblems({ n: 56, digits: 1 })).toThrow(ConfigError);
  });
});

describe('copyTask / reverseTask', () => {
  it('draws ids in [firstId, vocabSize) with lengths in range; targets copy or reverse', () => {
    const copy = copyTask({ n: 300, minLength: 2, maxLength: 6, vocabSize: 12, seed: 8 });
    const lengths = new Set(copy.sources.map((s) => s.length));
    expect([...lengths].sort()).toEqual([2, 3, 4, 5, 6]);
    for (const id of copy.sources.flat()) {
      expect(id).toBeGreaterThanOrEqual(4);
      expect(id).toBeLessThan(12);
    }
    expect(copy.targets).toEqual(copy.sources);
    const reverse = reverseTask({ n: 300, minLength: 2, maxLength: 6, vocabSize: 12, seed: 8 });
    expect(reverse.sources).toEqual(copy.sources);
    expect(reverse.targets).toEqual(copy.sources.map((s) => [...s].reverse()));
    expect(() => copyTask({ vocabSize: 4 })).toThrow(/vocabSize an integer > firstId 4/);
  });
});

describe('sineSequences', () => {
  it('gives windows of a sine and the clean next value', () => {
    const data = sineSequences({ n: 64, timeSteps: 10, period: 20, noise: 0, seed: 4 });
    expect(data.inputShape).toEqual([64, 10, 1]);
    expect(data.targetShape).toEqual([64, 1]);
    for (let i = 0; i < data.count; i++) {
      const x0 = data.inputs[i * 10];
      const x1 = data.inputs[i * 10 + 1];
      // x0 = sin φ and x1 = sin(ω + φ) give cos φ = (x1 − cos ω·x0) / sin ω; predict step 10.
      const omega = (2 * Math.PI) / 20;
      const phase = Math.atan2(x0, (x1 - Math.cos(omega) * x0) / Math.sin(omega));
      expect(Math.sin(phase)).toBeCloseTo(x0, 5);
      expect(data.targets[i]).toBeCloseTo(Math.sin((2 * Math.PI * 10) / 20 + phase), 5);
    }
  });

  it('adds seeded noise', () => {
    const a = sineSequences({ n: 8, noise: 0.1, seed: 1 });
    expect(sineSequences({ n: 8, noise: 0.1, seed: 1 })).toEqual(a);
    expect(sineSequences({ n: 8, noise: 0.1, seed: 2 }).inputs).not.toEqual(a.inputs);
  });
});
