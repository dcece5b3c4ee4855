// Every ```ts example of README.md type-checks against the public API, runs,
// succeeds, and leaves nothing behind.
//
// Each example runs in a mount namespace of its own whose /run/netns is a
// private, empty tmpfs (scripts/private-netns.ts): the examples use the
// tutorial's names (net0, net1, hub, ...) as written, without colliding with
// other tests or the machine, and what they leave under /run/netns is seen
// there before the namespace goes away.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { privileged } from '../helpers/privileged.js';
import { runWithPrivateNetnsDir } from '../../scripts/private-netns.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INDEX = join(ROOT, 'src/index.ts');

/** The ```ts blocks of a markdown text, with the line each starts on. */
function tsBlocks(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j] !== '```') j++;
    out.push({ line: start + 1, code: lines.slice(start, j).join('\n') });
    i = j;
  }
  return out;
}

const blocks = tsBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'tsip-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Names an example may create: quoted identifiers in its code. */
const namesIn = (code: string) => new Set([...code.matchAll(/'([a-z][a-z0-9]*)'/g)].map((m) => m[1]!));

describe('README.md examples', () => {
  it('there are examples for namespaces, veth, bridge, addresses, routes, events and the raw wire', () => {
    const all = blocks.map((b) => b.code).join('\n');
    for (const api of ['addNetns', "kind: 'veth'", "kind: 'bridge'", 'addAddress', 'addRoute', 'monitor(', 'NetlinkSocket.open']) {
      expect(all, api).toContain(api);
    }
    for (const b of blocks) expect(b.code, `README.md:${b.line} imports from 'tsip'`).toMatch(/from 'tsip';/);
  });

  it('type-check against the public API (tsc, strict)', () => {
    const files = blocks.map((b, i) => {
      const f = join(dir, `types-${i}.mts`);
      writeFileSync(f, `// README.md:${b.line}\n${b.code}\nexport {};\n`);
      return f;
    });
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true,
        noUncheckedIndexedAccess: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')],
        paths: { tsip: [INDEX] }, allowImportingTsExtensions: true,
      },
      // the repository's own declarations for untyped packages (buffer-layout)
      files: [...files, ...readdirSync(join(ROOT, 'src/types')).map((f) => join(ROOT, 'src/types', f))],
    }));
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});

privileged('README.md examples, run', () => {
  it.each(blocks.map((b, i) => [b.line, i] as const))('the example at README.md:%i runs, succeeds and leaves nothing behind', (line, i) => {
    const code = blocks[i]!.code;
    const file = join(dir, `run-${i}.mts`);
    writeFileSync(file, code.replaceAll("from 'tsip'", `from '${INDEX}'`));
    const hostLinks = () => new Set((JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as { ifname: string }[]).map((l) => l.ifname));
    const before = hostLinks();
    const r = runWithPrivateNetnsDir('sh', ['-c', 'node --import tsx "$0"; rc=$?; echo "left in /run/netns: [$(ls -A /run/netns | tr "\\n" " ")]" >&2; exit $rc', file], { cwd: ROOT, timeout: 120_000 });
    const stderr = r.stderr.replace(/^npm warn.*\n/gm, '');
    expect(stderr, `README.md:${line}`).toBe('left in /run/netns: []\n');
    expect(r.status).toBe(0);
    // the example's link and namespace names never reached the machine's own namespace
    const leaked = [...namesIn(code)].filter((n) => hostLinks().has(n) && !before.has(n));
    expect(leaked).toEqual([]);
    // what it prints says it worked
    if (code.includes('ping(')) {
      const m = /(\d+)\/(\d+) replies/.exec(r.stdout);
      expect(m, r.stdout).not.toBeNull();
      expect(Number(m![1])).toBe(Number(m![2]));
      expect(Number(m![1])).toBeGreaterThan(0);
    }
    if (code.includes('monitor(')) expect(r.stdout).toMatch(/RTM_NEWLINK br0 UP/);
    if (code.includes('getRoute(')) expect(r.stdout).toContain('10.2.3.4: via 10.1.1.254 src 10.1.1.1');
    if (code.includes('NetlinkSocket.open')) expect(r.stdout).toMatch(/nlmsg_type=RTM_NEWLINK\(16\)[\s\S]*1 lo 65536 UP/);
  }, 150_000);
});
