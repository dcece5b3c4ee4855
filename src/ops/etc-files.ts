// The /etc files glibc's "files" backend reads for names (protocols,
// services, hosts, networks): each line split into words, comments dropped.

import { readFileSync } from 'node:fs';

const cache = new Map<string, string[][]>();

/** The lines of an /etc file, split into words, comments dropped (cached); none when the file is missing. */
export function etcRows(path: string): string[][] {
  let rows = cache.get(path);
  if (!rows) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      /* a missing file names nothing */
    }
    rows = text.split('\n').map((l) => l.replace(/#.*/, '').trim().split(/\s+/)).filter((w) => w[0]);
    cache.set(path, rows);
  }
  return rows;
}
