import { describe, expect, it } from 'vitest';
import { textLines } from './text-lines.js';

describe('textLines', () => {
  it('splits on LF and CRLF, keeps inner empty lines, drops the empty string after a final newline', async () => {
    expect(await textLines('a\r\nb\n\nc\n').toArray()).toEqual(['a', 'b', '', 'c']);
    expect(await textLines('no newline').toArray()).toEqual(['no newline']);
    expect(await textLines('').toArray()).toEqual([]);
  });

  it('joins lines split across chunks, including a CRLF cut in two', async () => {
    const chunks = () => ['fir', 'st\r', '\nsec', 'ond\n', 'thi', 'rd'];
    expect(await textLines(chunks).toArray()).toEqual(['first', 'second', 'third']);
  });

  it('streams: take(2) reads only the chunks it needs', async () => {
    let chunksRead = 0;
    const source = function* () {
      for (let i = 0; i < 1000; i++) {
        chunksRead++;
        yield `line ${i}\n`;
      }
    };
    expect(await textLines(source).take(2).toArray()).toEqual(['line 0', 'line 1']);
    expect(chunksRead).toBe(2);
  });
});
