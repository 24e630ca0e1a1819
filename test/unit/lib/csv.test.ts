/** The CSV writer of the supervisors' export. */
import { describe, expect, it } from 'vitest';
import { BOM, csvCell, toCsv } from '../../../src/lib/csv.js';

describe('csv', () => {
  it('leaves plain cells alone and empties missing ones', () => {
    expect(csvCell('TG-7K3M9Q')).toBe('TG-7K3M9Q');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('quotes commas, quotes, CR and LF, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+84 912')).toBe("'+84 912");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('normalises to NFC', () => {
    const nfd = 'Hòa Phú'.normalize('NFD');
    expect(nfd).not.toBe('Hòa Phú'.normalize('NFC'));
    expect(csvCell(nfd)).toBe('Hòa Phú'.normalize('NFC'));
  });

  it('starts with a BOM and ends every row with CRLF', () => {
    const text = toCsv([
      ['a', 'b'],
      ['1', 'x,y'],
    ]);
    expect(text.startsWith(BOM)).toBe(true);
    expect([...Buffer.from(text, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1)).toBe('a,b\r\n1,"x,y"\r\n');
  });
});
