// The installed `tsip` (dist/cli/bin.cjs): it runs the bundle
// (dist/cli/tsip.bundle.cjs) that `npm run build` makes, with V8's code
// cache, and prints what the unbundled CLI (dist/cli/tsip.js) prints. The
// cache is written when missing, used when it is this build's and this
// node's, and never used for another build (V8 itself checks only the
// source's length). Each case runs on a copy of the two files, in a
// directory of dist/ (the bundle finds ffi-rs from there), removed after.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const BUNDLE = join(DIST, 'cli/tsip.bundle.cjs');
const built = existsSync(BUNDLE);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of bin.cjs and the bundle, without a cache. */
function install(): string {
  const dir = mkdtempSync(join(DIST, 'bin-test-'));
  dirs.push(dir);
  copyFileSync(join(DIST, 'cli/bin.cjs'), join(dir, 'bin.cjs'));
  copyFileSync(BUNDLE, join(dir, 'tsip.bundle.cjs'));
  return dir;
}

function run(file: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('dist/cli/bin.cjs (skipped without the bundle npm run build makes)', () => {
  it('prints what the unbundled CLI prints', () => {
    const dir = install();
    for (const args of [['-V'], ['help'], ['link', 'help'], ['route', 'add', '10.0.0.0/33'], ['nosuch'], ['-j', 'link', 'show', 'dev', 'lo']]) {
      const bundled = run(join(dir, 'bin.cjs'), args);
      const plain = run(join(DIST, 'cli/tsip.js'), args);
      expect(bundled, args.join(' ')).toEqual(plain);
    }
  });

  it('writes the cache when it is missing, then uses it', () => {
    const dir = install();
    const bin = join(dir, 'bin.cjs');
    const cache = join(dir, 'tsip.bundle.cjs.v8cache');
    expect(run(bin, ['-V'], { TSIP_V8CACHE: 'report' }).stderr).toBe('tsip: V8 code cache missing\n');
    const head = readFileSync(cache).subarray(0, 200).toString('latin1');
    expect(head.startsWith(`${readFileSync(BUNDLE, 'utf8').split('\n')[0]}\n${process.version}\n`)).toBe(true);
    const again = run(bin, ['-V'], { TSIP_V8CACHE: 'report' });
    expect(again.stderr).toBe('tsip: V8 code cache used\n');
    expect(again.stdout).toBe('tsip utility, tsip-0.1.0\n');
  });

  it("never uses another build's cache, even of the same length, and replaces it", () => {
    const dir = install();
    const bin = join(dir, 'bin.cjs');
    run(bin, ['-V']);
    // another build: the id on the first line differs, the length is the same
    const bundle = join(dir, 'tsip.bundle.cjs');
    const text = readFileSync(bundle, 'utf8');
    const id = /^\/\/ tsip CLI bundle ([0-9a-f]+)\n/.exec(text)![1]!;
    const other = [...id].reverse().join('');
    writeFileSync(bundle, text.replace(id, other));
    expect(run(bin, ['-V'], { TSIP_V8CACHE: 'report' }).stderr).toBe('tsip: V8 code cache stale\n');
    expect(readFileSync(join(dir, 'tsip.bundle.cjs.v8cache'), 'latin1').startsWith(`// tsip CLI bundle ${other}\n`)).toBe(true);
    expect(run(bin, ['-V'], { TSIP_V8CACHE: 'report' }).stderr).toBe('tsip: V8 code cache used\n');
  });

  it('runs uncached, and says so, when V8 rejects the data', () => {
    const dir = install();
    const bin = join(dir, 'bin.cjs');
    run(bin, ['-V']);
    const cache = join(dir, 'tsip.bundle.cjs.v8cache');
    const file = readFileSync(cache);
    const headLen = file.indexOf('\n', file.indexOf('\n') + 1) + 1;
    // V8's data, corrupted past its header: a checksum or sanity check fails
    const bad = Buffer.concat([file.subarray(0, headLen), Buffer.alloc(file.length - headLen, 0x5a)]);
    writeFileSync(cache, bad);
    const r = run(bin, ['-V'], { TSIP_V8CACHE: 'report' });
    expect(r.stderr).toBe('tsip: V8 code cache rejected\n');
    expect(r.stdout).toBe('tsip utility, tsip-0.1.0\n');
    expect(run(bin, ['-V'], { TSIP_V8CACHE: 'report' }).stderr).toBe('tsip: V8 code cache used\n');
  });
});
