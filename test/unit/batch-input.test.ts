// -batch files as ip reads them (lib/utils.c getcmdline, makeargs; ip/ip.c
// batch): checked against what ip 6.1 does with the same bytes
// (test/privileged/cli-bad-input.test.ts runs both side by side). Only
// unknown objects are run here: they fail without touching anything.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchCommands, makeargs, parseBatch } from '../../src/cli/batch.js';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'tsip-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function batch(text: string | Buffer, ...flags: string[]) {
  const file = join(dir, `b${++n}`);
  writeFileSync(file, text);
  let out = '';
  let err = '';
  const status = await main([...flags, '-batch', file], { out: (s) => void (out += s), err: (s) => void (err += s) }, {});
  return { status, out, err: err.replaceAll(file, 'F') };
}

describe('makeargs, as ip splits a line', () => {
  it('a quote opens a word only at its start, and the word ends at the closing quote', () => {
    expect(makeargs('link show l"o')).toEqual(['link', 'show', 'l"o']);
    expect(makeargs('link show "lo"x')).toEqual(['link', 'show', 'lo', 'x']);
    expect(makeargs(`link add 'a b' type "my kind"`)).toEqual(['link', 'add', 'a b', 'type', 'my kind']);
    expect(makeargs('a "" b')).toEqual(['a', '', 'b']);
  });

  it('only space, tab, CR and LF separate; a NUL ends the line; "#" starts a comment, inside quotes too', () => {
    expect(makeargs('link\vshow\f lo\r\n')).toEqual(['link\vshow\f', 'lo']);
    expect(makeargs('link show\0lo')).toEqual(['link', 'show']);
    expect(makeargs('link show # lo')).toEqual(['link', 'show']);
    expect(() => makeargs('link show "l#o"')).toThrow('Unterminated quoted string');
  });
});

describe('batchCommands, as ip reads a file', () => {
  it('numbers a continued command by its last line; a comment before the backslash ends the continuation', () => {
    expect(parseBatch('# c\n\nlink add a \\\n  type ifb \\\n  mtu 1400\nroute show')).toEqual([
      { line: 5, argv: ['link', 'add', 'a', 'type', 'ifb', 'mtu', '1400'] },
      { line: 6, argv: ['route', 'show'] },
    ]);
    expect(parseBatch('link show # c \\\ndev lo\n')).toEqual([{ line: 1, argv: ['link', 'show'] }, { line: 2, argv: ['dev', 'lo'] }]);
  });

  it('a backslash on the last line is "Missing continuation line", and the batch ends there', () => {
    expect([...batchCommands('a\nb \\\n')]).toEqual([{ line: 1, argv: ['a'] }, { line: 2, end: 'Missing continuation line' }]);
  });

  it('splits lazily: an unterminated quote throws only when its line is reached', () => {
    const it_ = batchCommands('a\nb "x\nc\n');
    expect(it_.next().value).toEqual({ line: 1, argv: ['a'] });
    expect(() => it_.next()).toThrow('Unterminated quoted string');
  });
});

describe('a batch run, statuses and messages as ip gives them', () => {
  it('an unknown object fails its line (status 1); -force goes on', async () => {
    expect(await batch('frob1\nfrob2\n')).toEqual({ status: 1, out: '', err: 'Object "frob1" is unknown, try "tsip help".\nCommand failed F:1\n' });
    expect((await batch('frob1\nfrob2\n', '-force')).err).toBe(
      'Object "frob1" is unknown, try "tsip help".\nCommand failed F:1\nObject "frob2" is unknown, try "tsip help".\nCommand failed F:2\n');
  });

  it('an unterminated quote ends the batch with status 1, after the lines before it ran', async () => {
    expect(await batch('frob1\nfrob2 "x\nfrob3\n', '-force')).toEqual({
      status: 1, out: '', err: 'Object "frob1" is unknown, try "tsip help".\nCommand failed F:1\nUnterminated quoted string\n',
    });
  });

  it('a usage error (ip exit(-1)s) ends the batch at once: status 255, no "Command failed", even with -force', async () => {
    expect(await batch('netns add ../x\nfrob\n', '-force')).toEqual({ status: 255, out: '', err: 'Invalid netns name "../x"\n' });
    expect(await batch('-x\n', '-force')).toMatchObject({ status: 1 }); // an object named "-x": unknown, as for ip
  });

  it('garbage: random bytes, NULs, a 100,000-character line, a missing continuation, empty files', async () => {
    const random = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256));
    const r = await batch(random, '-force');
    expect(r.status).toBe(1);
    expect(r.err.split('\n').filter((l) => l.startsWith('Command failed F:')).length).toBeGreaterThan(0);
    expect(r.err).not.toMatch(/internal error|    at /);
    expect(await batch(`frob ${'x'.repeat(100_000)}\n`)).toMatchObject({ status: 1 });
    expect(await batch('frob1 \\\n')).toEqual({ status: 0, out: '', err: 'Missing continuation line\n' });
    expect(await batch('')).toEqual({ status: 0, out: '', err: '' });
    expect(await batch('# nothing\n\n   \n\t\n')).toEqual({ status: 0, out: '', err: '' });
  });

  it('a file that cannot be opened is status 1; a directory reads as nothing', async () => {
    let err = '';
    expect(await main(['-batch', join(dir, 'nope')], { out: () => {}, err: (s) => void (err += s) }, {})).toBe(1);
    expect(err).toBe(`Cannot open file "${join(dir, 'nope')}" for reading: No such file or directory\n`);
    expect(await main(['-batch', dir], { out: () => {}, err: () => {} }, {})).toBe(0);
  });
});
