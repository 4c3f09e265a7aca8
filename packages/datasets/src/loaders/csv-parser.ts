import { ConfigError, SerializationError } from '@strata/core';

/** One parsed CSV record and the line it starts on (1-based). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * An incremental RFC 4180 CSV tokenizer: feed it text chunks of any size, get back the
 * records completed so far. Fields may be quoted; inside quotes, delimiters and line breaks
 * are literal and `""` is one quote. Records end at `\n`, `\r\n` or `\r`. Blank lines are
 * skipped. A quote inside an unquoted field, or after a closing quote, is kept as text.
 *
 * @example
 * const parser = new CsvParser();
 * parser.push('a,"b,'); // []
 * parser.push('c"\n');  // [{ fields: ['a', 'b,c'], line: 1 }]
 */
export class CsvParser {
  private readonly delimiter: number;
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  private inQuotes = false;
  private quotePending = false;
  private skipLF = false;
  private line = 1;
  private recordLine = 1;

  constructor(delimiter = ',') {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new ConfigError({
        subject: 'CsvParser',
        expected: 'a one-character delimiter other than a quote or line break',
        received: JSON.stringify(delimiter),
      });
    }
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Parses one more chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.skipLF) {
        this.skipLF = false;
        if (chunk.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (chunk.charCodeAt(i) === QUOTE) {
            this.field += '"';
            i++;
          } else {
            this.inQuotes = false;
          }
          continue;
        }
        const quote = chunk.indexOf('"', i);
        const end = quote < 0 ? n : quote;
        const text = chunk.slice(i, end);
        this.field += text;
        for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) this.line++;
        if (quote >= 0) this.quotePending = true;
        i = end + 1;
        continue;
      }
      let j = i;
      while (j < n) {
        const c = chunk.charCodeAt(j);
        if (c === this.delimiter || c === LF || c === CR || c === QUOTE) break;
        j++;
      }
      if (j > i) this.field += chunk.slice(i, j);
      if (j === n) break;
      const c = chunk.charCodeAt(j);
      i = j + 1;
      if (c === QUOTE) {
        if (this.field === '' && !this.quoted) {
          this.inQuotes = true;
          this.quoted = true;
        } else {
          this.field += '"';
        }
      } else if (c === this.delimiter) {
        this.endField();
      } else {
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        this.skipLF = c === CR;
      }
    }
    return out;
  }

  /** Ends the input: returns the last record if it had no line break after it. */
  finish(): CsvRecord[] {
    if (this.inQuotes && !this.quotePending) {
      throw new SerializationError({
        subject: 'CSV',
        expected: `a closing quote for the field opened on line ${this.recordLine}`,
        received: 'the end of the input',
      });
    }
    this.inQuotes = false;
    this.quotePending = false;
    const out: CsvRecord[] = [];
    this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.quoted = false;
  }

  private endRecord(out: CsvRecord[]): void {
    const blank = this.fields.length === 0 && this.field === '' && !this.quoted;
    this.endField();
    if (!blank) out.push({ fields: this.fields, line: this.recordLine });
    this.fields = [];
  }
}
