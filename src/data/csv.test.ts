import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from './csv';

describe('csvCell', () => {
  it('quotes what must be quoted', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
  });

  it('neutralises cells a spreadsheet would run as formulas, and leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1+cmd')).toBe("'+1+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell('+3e2')).toBe('+3e2');
  });

  it('joins rows with CRLF', () => {
    expect(csvText([['a', 'b'], ['1', '=2']])).toBe("a,b\r\n1,'=2\r\n");
  });
});
