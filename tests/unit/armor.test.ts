import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { armorDataPieces, crc24, decodeArmorData, decodeBase64, encodeBase64, encodeBase64Lines, encodeBase64LinesInScript } from '../../src/core/base64';
import { MAX_TEXT_LENGTH } from '../../src/core/armor';
import { armorBytes, dearmor, dearmorLater, findArmorBlocks, openMessage, seal, SealmailError, type ArmorBlock } from '../../src/core/index';
import { makeIdentity, type Identity } from '../support/identities';

const TEXT = 'Meet at the north gate at 7.\nBring the blue folder — and nothing else.\n';

function only(blocks: ArmorBlock[]): ArmorBlock {
  assert.equal(blocks.length, 1, `expected one block, found ${blocks.length}`);
  return blocks[0]!;
}

function lines(armor: string): string[] {
  return armor.trimEnd().split('\n');
}

/** How each read view mangles armor, as a function from clean armor to what the page shows. */
const MANGLERS: Record<string, (armor: string) => string> = {
  'NBSP for spaces and in blank lines': (a) => a.replace(/\n\n/, '\n\u00a0\n').replace(/PGP /g, 'PGP\u00a0'),
  '<wbr> in long lines': (a) => lines(a).map((l) => (l.length > 40 ? `${l.slice(0, 20)}<wbr>${l.slice(20, 40)}<wbr/>${l.slice(40)}` : l)).join('\n'),
  'soft hyphens and zero-width characters': (a) => lines(a).map((l, i) => (i % 2 ? `${l.slice(0, 10)}\u00ad${l.slice(10)}\u200b` : `\ufeff${l}\u2060`)).join('\n'),
  'CRLF line ends': (a) => a.replace(/\n/g, '\r\n'),
  'every line doubled by blank lines': (a) => lines(a).join('\n\n'),
  'blank line after headers missing': (a) => a.replace(/-----\n\n/, '-----\n'),
  'quoted once with "> "': (a) => lines(a).map((l) => `> ${l}`).join('\n'),
  'quoted three deep as ">> >"': (a) => lines(a).map((l) => `>> > ${l}`).join('\n'),
  'en and em dashes for hyphens': (a) => a.replace(/-----BEGIN/, '—–—BEGIN').replace(/MESSAGE-----\n\n/, 'MESSAGE–––––\n\n').replace(/-----END/, '–––––END'),
  'trailing spaces': (a) => lines(a).map((l) => `${l}   `).join('\n'),
  'Version and Comment headers': (a) => a.replace(/-----\n\n/, '-----\nVersion: GnuPG v2\nComment: https://example.org/a-b\n\n'),
  'text around the block': (a) => `Hi Bob,\n\nsee below.\n\n${a}\n-- \nAlice\n`,
  'line breaks lost (one line)': (a) => lines(a).join(' '),
};

describe('armor: finding blocks as read views show them', () => {
  let alice: Identity;
  let armored: string;
  let original: Uint8Array;

  before(async () => {
    alice = await makeIdentity('Alice');
    armored = await seal({ text: TEXT, recipients: [alice.publicKey], sender: alice.privateKey });
    original = dearmor(only(findArmorBlocks(armored))).bytes;
  });

  for (const [name, mangle] of Object.entries(MANGLERS)) {
    it(`reads armor with ${name}`, async () => {
      const block = only(findArmorBlocks(mangle(armored)));
      assert.equal(block.type, 'MESSAGE');
      assert.equal(block.problem, undefined);
      assert.deepEqual(dearmor(block).bytes, original);
      const opened = await openMessage({ input: mangle(armored), decryptionKeys: [alice.privateKey], verificationKeys: [alice.publicKey] });
      assert.equal(opened.text, TEXT);
      assert.equal(opened.signature.status, 'valid');
    });
  }

  it('reads armor with every mangling that keeps line breaks, at once', async () => {
    const { 'line breaks lost (one line)': _oneLine, ...keepingLines } = MANGLERS;
    const all = Object.values(keepingLines).reduce((text, mangle) => mangle(text), armored);
    const opened = await openMessage({ input: all, decryptionKeys: [alice.privateKey] });
    assert.equal(opened.text, TEXT);
  });

  it('returns clean armor: canonical lines, no headers, 64 columns', () => {
    const block = only(findArmorBlocks(MANGLERS['Version and Comment headers']!(armored)));
    const out = lines(block.armor);
    assert.equal(out[0], '-----BEGIN PGP MESSAGE-----');
    assert.equal(out[1], '');
    assert.equal(out.at(-1), '-----END PGP MESSAGE-----');
    assert.ok(out.slice(2, -2).every((line) => line.length <= 64 && /^[A-Za-z0-9+/=]+$/.test(line)));
    assert.match(out.at(-2)!, /^=[A-Za-z0-9+/]{4}$/);
  });

  it('finds several blocks of different types, in order', () => {
    const text = `first\n${armored}\nsecond\n${alice.generated.publicKey}\n> ${lines(armored).join('\n> ')}\n`;
    const blocks = findArmorBlocks(text);
    assert.deepEqual(blocks.map((b) => b.type), ['MESSAGE', 'PUBLIC KEY BLOCK', 'MESSAGE']);
    assert.ok(blocks.every((b) => b.problem === undefined));
  });

  it('marks a block without its END line as truncated, and dearmor refuses it', () => {
    const clipped = lines(armored).slice(0, 4).join('\n');
    const block = only(findArmorBlocks(clipped));
    assert.equal(block.problem, 'truncated');
    assert.throws(() => dearmor(block), (e: unknown) => e instanceof SealmailError && e.code === 'armor_truncated');
  });

  it('refuses a block whose checksum does not match', () => {
    const out = lines(armored);
    const data = out[3]!;
    out[3] = (data[0] === 'A' ? 'B' : 'A') + data.slice(1);
    const block = only(findArmorBlocks(out.join('\n')));
    assert.throws(() => dearmor(block), (e: unknown) => e instanceof SealmailError && e.code === 'armor_checksum');
    // Read without the check, the same block gives its bytes, and the checksum still says it disagrees.
    const later = dearmorLater(block);
    assert.equal(later.bytes.length > 0, true);
    assert.equal(later.checksumMatches(), false);
    assert.equal(dearmorLater(only(findArmorBlocks(armored))).checksumMatches(), true);
  });

  it('marks a block holding characters that cannot be base64 as corrupt', () => {
    const out = lines(armored);
    out.splice(4, 0, 'this line is not armor');
    const block = only(findArmorBlocks(out.join('\n')));
    assert.equal(block.problem, 'corrupt');
    assert.throws(() => dearmor(block), (e: unknown) => e instanceof SealmailError && e.code === 'armor_corrupt');
  });

  it('says where each block stands, so that the text around and between blocks can be kept', () => {
    const quoted = lines(armored).map((l) => `> ${l}`).join('\n');
    const text = `Hi Mia,\n\nhere: ${armored.trimEnd()} Bob\nand a second one:\n${quoted}\n-- \nBob\n`;
    const [first, second] = findArmorBlocks(text);
    assert.ok(first && second);
    assert.equal(text.slice(0, first.start), 'Hi Mia,\n\nhere: ');
    assert.equal(text.slice(first.start, first.end), armored.trimEnd());
    assert.equal(text.slice(first.end, second.start), ' Bob\nand a second one:\n');
    assert.equal(text.slice(second.start, second.end), quoted);
    assert.equal(text.slice(second.end), '\n-- \nBob\n');
  });

  it('places blocks in text with CR or CRLF line ends and markup left in it', () => {
    const mangled = MANGLERS['<wbr> in long lines']!(armored).replace(/\n/g, '\r\n');
    const text = `Before\r\r\n${mangled}\r\nAfter`;
    const block = only(findArmorBlocks(text));
    assert.equal(text.slice(0, block.start), 'Before\r\r\n');
    assert.equal(text.slice(block.end), '\r\nAfter');
    assert.deepEqual(dearmor(block).bytes, original);
  });

  it('ends a clipped block at its last armor line, not at the text after it', () => {
    const clipped = `${lines(armored).slice(0, 4).join('\n')}\n[Message clipped]  View entire message`;
    const block = only(findArmorBlocks(clipped));
    assert.equal(block.problem, 'truncated');
    assert.equal(clipped.slice(block.end), '\n[Message clipped]  View entire message');
  });

  it('does not take a dash-escaped line of signed text for a marker', () => {
    const signed = '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n- -----BEGIN PGP MESSAGE-----\nquoted\n-----BEGIN PGP SIGNATURE-----\n\nwnUEARYKAB0WIQQ=\n-----END PGP SIGNATURE-----\n';
    const block = only(findArmorBlocks(signed));
    assert.equal(block.type, 'SIGNED MESSAGE');
    assert.equal(block.problem, undefined);
    assert.match(block.armor, /\n- -----BEGIN PGP MESSAGE-----\nquoted\n/);
  });

  it('finds nothing in text without armor', () => {
    assert.deepEqual(findArmorBlocks('Dear Bob, -----BEGIN is how armor starts.\n'), []);
  });
});

describe('armor: the one-pass reading of clean armor agrees with the tolerant one', () => {
  // 1000 bytes go through the script's base64, 10,000 through the platform's.
  for (const size of [1000, 10_000]) agreesWithTolerantReading(size);
});

function agreesWithTolerantReading(size: number): void {
  const data = randomBytes(size);
  const clean = armorBytes('MESSAGE', data);
  const lines = clean.split('\n');
  /** The armor with one character of a data line in the middle replaced. */
  const inData = (char: string) => clean.replace(/\n([A-Za-z0-9+/]{10})[A-Za-z0-9+/]([A-Za-z0-9+/]{53})\n/, `\n$1${char}$2\n`);
  const variants: Record<string, string> = {
    clean,
    'with headers': clean.replace('-----\n\n', '-----\nVersion: GnuPG v2\nComment: https://example.org\n\n'),
    'CRLF line ends': clean.replace(/\n/g, '\r\n'),
    'no checksum': lines.filter((line) => !/^=[A-Za-z0-9+/]{4}$/.test(line)).join('\n'),
    'a wrong checksum': clean.replace(/^=[A-Za-z0-9+/]{4}$/m, '=AAAA'),
    'lines of 76 characters': `-----BEGIN PGP MESSAGE-----\n\n${Buffer.from(data).toString('base64').replace(/(.{76})/g, '$1\n')}\n-----END PGP MESSAGE-----\n`,
    'a space after a data line': clean.replace(/\n([A-Za-z0-9+/]{64})\n/, '\n$1 \n'),
    'a blank line in the data': clean.replace(/\n([A-Za-z0-9+/]{64})\n/, '\n$1\n\n'),
    'text after the END marker': clean.replace('-----END PGP MESSAGE-----', '-----END PGP MESSAGE----- thanks'),
    'text around it': `Hello,\n\n${clean}\nBob\n`,
    // Characters a platform decoder skips or reads as digits of another alphabet.
    'an underscore in a line of data': inData('_'),
    'a dash in a line of data': inData('-'),
    'a letter above U+00FF in a line of data (ī, whose low byte is "+")': inData('\u012b'),
    'a star in a line of data': inData('*'),
    'padding inside a line of data': inData('='),
    'a line of 63 characters': clean.replace(/\n([A-Za-z0-9+/]{63})[A-Za-z0-9+/]\n/, '\n$1\n'),
  };
  for (const [name, text] of Object.entries(variants)) {
    it(`reads ${size}-byte armor with ${name} as the tolerant reading does`, () => {
      // Quoted once, the same armor goes through the line-by-line reading.
      const quoted = text.split(/(?<=\n)/).map((line) => `> ${line}`).join('');
      const [fast] = findArmorBlocks(text);
      const [slow] = findArmorBlocks(quoted);
      assert.ok(fast && slow);
      assert.deepEqual([fast.type, fast.armor, fast.problem], [slow.type, slow.armor, slow.problem]);
      const result = (block: ArmorBlock) => {
        try {
          return Buffer.from(dearmor(block).bytes).toString('hex');
        } catch (error) {
          return (error as SealmailError).code;
        }
      };
      assert.equal(result(fast), result(slow));
      if (!/wrong checksum|line of data|63 characters/.test(name)) assert.equal(result(fast), data.toString('hex'));
      if (/line of data/.test(name)) assert.equal(result(fast), 'armor_corrupt');
      assert.equal(text.slice(fast.start, fast.end).trimStart().startsWith('-----BEGIN PGP MESSAGE-----'), true);
    });
  }
}

describe('armor: hostile input is bounded', () => {
  const tooLarge = (limit: 'size' | 'blocks') => (e: unknown) =>
    e instanceof SealmailError && e.code === 'message_too_large' && e.details.limit === limit;

  it('refuses 50 MB of repeated BEGIN lines with message_too_large, having read only the first lines', () => {
    const text = '-----BEGIN PGP MESSAGE-----\n'.repeat(Math.ceil((50 * 1024 * 1024) / 28));
    assert.ok(text.length >= 50 * 1024 * 1024);
    let error: unknown;
    try {
      findArmorBlocks(text);
    } catch (caught) {
      error = caught;
    }
    assert.ok(tooLarge('blocks')(error), String(error));
    // Up to the limit, each BEGIN without END is one truncated block: reported, not dropped.
    const sixtyFour = findArmorBlocks('-----BEGIN PGP MESSAGE-----\n'.repeat(64));
    assert.equal(sixtyFour.length, 64);
    assert.ok(sixtyFour.every((block) => block.problem === 'truncated'));
  });

  it('refuses text over the size limit before reading it', () => {
    assert.throws(() => findArmorBlocks('x'.repeat(MAX_TEXT_LENGTH + 1)), tooLarge('size'));
  });

  it('reads lines built to make a marker search slow, and finds nothing in them', () => {
    const dashes = `${'-'.repeat(4 * 1024 * 1024)} PGP MESSAGE\n`;
    const words = 'BEGIN PGP BEGIN PGP END PGP '.repeat(150_000);
    assert.deepEqual(findArmorBlocks(dashes + words), []);
  });

  it('reads one block of 40 MB whose END is missing as one truncated block', () => {
    const body = `${'QUFBQUFBQUFB'.repeat(5)}AAAA\n`.repeat((40 * 1024 * 1024) / 65);
    const block = only(findArmorBlocks(`-----BEGIN PGP MESSAGE-----\n\n${body}`));
    assert.equal(block.problem, 'truncated');
  });
});

describe('base64 and CRC-24', () => {
  it('encodes and decodes like Node for every length up to 300 bytes', () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      const ours = encodeBase64Lines(bytes, 64);
      assert.equal(ours.replace(/\n/g, ''), Buffer.from(bytes).toString('base64'));
      assert.ok(ours.split('\n').every((line) => line.length <= 64));
      assert.deepEqual(decodeBase64(ours.replace(/\n/g, '')), bytes);
    }
  });

  it("encodes with the platform's coder as the script encoder does, for lengths around every boundary", () => {
    const lengths = [4095, 4096, 4097, 49151, 49152, 49153, 49200, 98304, 250_001];
    for (const length of lengths) {
      const bytes = new Uint8Array(randomBytes(length));
      for (const lineLength of [64, 76]) assert.equal(encodeBase64Lines(bytes, lineLength), encodeBase64LinesInScript(bytes, lineLength), `${length} bytes, ${lineLength} columns`);
      assert.equal(encodeBase64(bytes), Buffer.from(bytes).toString('base64'));
      // A view into a larger buffer is encoded from its own first byte.
      const view = new Uint8Array(randomBytes(length + 7)).subarray(3, 3 + length);
      assert.equal(encodeBase64Lines(view), encodeBase64LinesInScript(view));
    }
  });

  it('puts the text before and after the lines into the one string, on every path', async () => {
    // A browser's `Uint8Array.prototype.toBase64`, seen by a second copy of the module loaded while it is there.
    const proto = Uint8Array.prototype as { toBase64?: (this: Uint8Array) => string };
    proto.toBase64 = function (this: Uint8Array) {
      return Buffer.from(this.buffer, this.byteOffset, this.length).toString('base64');
    };
    let browser: typeof import('../../src/core/base64');
    try {
      browser = (await import(`${'../../src/core/base64.ts'}?with-to-base64`)) as typeof import('../../src/core/base64');
    } finally {
      delete proto.toBase64;
    }
    const before = '-----BEGIN PGP MESSAGE-----\n\n';
    const after = '=AAAA\n-----END PGP MESSAGE-----\n';
    for (const length of [0, 100, 4096, 49152, 49153, 250_001]) {
      const bytes = new Uint8Array(randomBytes(length));
      for (const lineLength of [64, 76]) {
        const lines = encodeBase64LinesInScript(bytes, lineLength);
        assert.equal(encodeBase64Lines(bytes, lineLength, before, after), before + lines + after, `Node, ${length} bytes, ${lineLength} columns`);
        assert.equal(browser.encodeBase64Lines(bytes, lineLength, before, after), before + lines + after, `browser, ${length} bytes, ${lineLength} columns`);
        assert.equal(browser.encodeBase64Lines(bytes, lineLength), lines, `browser, ${length} bytes, ${lineLength} columns, nothing around`);
      }
    }
  });

  it('armors data given in pieces as it armors the same bytes whole, wherever the pieces break', () => {
    const bytes = new Uint8Array(randomBytes(100_000));
    const splits = [
      [0, 100_000],
      [96, 6, 1, 99_897],
      [47, 1, 0, 48, 49, 99_855],
      [1, 1, 1, 1, 99_996],
      [49_999, 50_001],
      [48 * 1024 + 5, 3, 100_000 - 48 * 1024 - 8],
    ];
    for (const split of splits) {
      const pieces: Uint8Array[] = [];
      let at = 0;
      for (const length of split) pieces.push(bytes.subarray(at, (at += length)));
      assert.equal(armorBytes('MESSAGE', pieces), armorBytes('MESSAGE', bytes), split.join('+'));
    }
    assert.equal(armorBytes('MESSAGE', [new Uint8Array([1, 2]), new Uint8Array([3])]), armorBytes('MESSAGE', new Uint8Array([1, 2, 3])));
    assert.throws(() => encodeBase64Lines([new Uint8Array(47), new Uint8Array(4096)]), /Only the last part/);
    assert.throws(() => encodeBase64Lines(new Uint8Array(4096), 64, '-----BEGIN PGP MESSAGE-----'), /must end with a line end/);
  });

  it('rejects characters outside the alphabet', () => {
    assert.equal(decodeBase64('ab*d'), null);
    assert.equal(decodeBase64('abcde'), null);
  });

  it('computes the OpenPGP CRC-24 check value', () => {
    assert.equal(crc24(new TextEncoder().encode('123456789')), 0x21cf02);
  });

  it('computes the CRC-24 four bytes at a time as the bit-by-bit definition does, for every length up to 64', () => {
    const bitwise = (bytes: Uint8Array) => {
      let crc = 0xb704ce;
      for (const byte of bytes) {
        crc ^= byte << 16;
        for (let bit = 0; bit < 8; bit++) {
          crc <<= 1;
          if (crc & 0x1000000) crc ^= 0x1864cfb;
        }
      }
      return crc & 0xffffff;
    };
    const bytes = new Uint8Array(randomBytes(64));
    for (let length = 0; length <= 64; length++) assert.equal(crc24(bytes.subarray(0, length)), bitwise(bytes.subarray(0, length)), `length ${length}`);
  });

  it('decodes the data of a clean block a piece at a time to the bytes it decodes to whole, whatever the padding and the piece size', () => {
    for (const length of [1, 47, 48, 49, 50, 96, 1000, 4801]) {
      const bytes = new Uint8Array(randomBytes(length));
      const data = `${encodeBase64Lines(bytes)}=${'AAAA'}\n`;
      const text = `head\n${data}tail`;
      const whole = decodeArmorData(text, 5, 5 + data.length);
      assert.deepEqual(whole?.bytes, bytes);
      for (const lines of [1, 2, 3, 64]) {
        const pieces = armorDataPieces(text, 5, 5 + data.length, lines);
        assert.ok(pieces, `${length} bytes in pieces of ${lines} lines`);
        assert.equal(pieces.checksum, 'AAAA');
        const parts = Array.from({ length: pieces.count }, (_, i) => pieces.piece(i));
        assert.deepEqual(Buffer.concat(parts.map((part) => part!)), Buffer.from(bytes), `${length} bytes in pieces of ${lines} lines`);
        // The CRC-24 carried from piece to piece is the whole's.
        assert.equal(parts.reduce<number | undefined>((crc, part) => crc24(part!, crc), undefined), crc24(bytes));
      }
    }
  });

  it('refuses a piece with a character that is not base64, or padding before the end; lines of other lengths are not read in pieces', () => {
    const data = encodeBase64Lines(new Uint8Array(randomBytes(48 * 6)));
    const at = (line: number, column: number, char: string) => {
      const lines = data.split('\n');
      lines[line] = lines[line]!.slice(0, column) + char + lines[line]!.slice(column + 1);
      return lines.join('\n');
    };
    for (const [changed, bad] of [
      [at(3, 10, '*'), 1],
      [at(2, 60, '='), 1],
      [at(5, 0, '\u00e9'), 2],
    ] as const) {
      const pieces = armorDataPieces(changed, 0, changed.length, 2)!;
      assert.ok(pieces);
      assert.deepEqual(
        Array.from({ length: pieces.count }, (_, i) => pieces.piece(i) === null),
        [0, 1, 2].map((i) => i === bad),
      );
    }
    const rewrapped = encodeBase64Lines(new Uint8Array(randomBytes(48 * 6)), 76);
    assert.equal(armorDataPieces(rewrapped, 0, rewrapped.length, 2), null);
    assert.ok(decodeArmorData(rewrapped, 0, rewrapped.length));
  });

  it('armors bytes so that dearmor returns them', () => {
    const bytes = new Uint8Array(randomBytes(1000));
    assert.deepEqual(dearmor(only(findArmorBlocks(armorBytes('SIGNATURE', bytes)))).bytes, bytes);
  });
});
