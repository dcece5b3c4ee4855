// The wire layer doubles as teaching material: every file of src/netlink
// opens with a comment that names the kernel header it mirrors, and the
// uapi headers it names exist (when the machine has them, in /usr/include).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** The comment a file opens with: its leading // lines. */
function openingComment(file: string): string {
  const lines: string[] = [];
  for (const l of readFileSync(file, 'utf8').split('\n')) {
    if (!l.startsWith('//')) break;
    lines.push(l);
  }
  return lines.join('\n');
}

const files = tsFiles(join(ROOT, 'src/netlink')).map((f) => relative(ROOT, f)).sort();
const HEADER = /<([a-z0-9_/.-]+\.h)>|\binclude\/([a-z0-9_/.-]+\.h)\b/g;

describe('wire-layer files open with their kernel header', () => {
  it.each(files)('%s', (file) => {
    const comment = openingComment(join(ROOT, file));
    expect(comment.split('\n').length, 'an opening comment').toBeGreaterThan(1);
    const headers = [...comment.matchAll(HEADER)].map((m) => m[1] ?? m[2]!);
    expect(headers, 'names at least one header').not.toEqual([]);
    if (existsSync('/usr/include/linux/netlink.h')) {
      for (const h of headers.filter((x) => /^(linux|asm-generic)\//.test(x))) {
        expect(existsSync(join('/usr/include', h)), `<${h}> exists in /usr/include`).toBe(true);
      }
    }
  });
});
