// The name tables ip reads from /etc, parsed as lib/rt_names.c and getpwuid do.

import { describe, expect, it } from 'vitest';
import { parseColonFile, parseIdNameFile } from '../../src/cli/print/conf.js';

describe('iproute2 name tables', () => {
  it('reads "ID NAME" lines, hex or decimal, skipping comments; a later line wins', () => {
    const t = parseIdNameFile('# device group names\n0\tdefault\n  0x10 sixteen # trailing\n5 five\n5 cinq\n\n');
    expect([...t]).toEqual([[0, 'default'], [16, 'sixteen'], [5, 'cinq']]);
  });

  it('stops at a corrupt line, as ip does', () => {
    expect([...parseIdNameFile('1 one\nnot a line\n2 two\n')]).toEqual([[1, 'one']]);
  });

  it('reads /etc/passwd-style files, the first entry of an id winning', () => {
    const t = parseColonFile('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/sbin/nologin\ntoor:x:0:0::/:/bin/sh\n');
    expect([...t]).toEqual([[0, 'root'], [65534, 'nobody']]);
  });
});
