// docs/api.md is current, and every operation names its command line
// equivalent. When this fails after a change to src/index.ts or a doc
// comment: run `npm run docs` and commit docs/api.md.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_DOC, collect, equivalentOf, render, type Entry } from '../../scripts/apidoc.js';

describe('the API reference (scripts/apidoc.ts)', () => {
  let entries: Entry[] = [];
  // a whole TypeScript program: seconds, more on a busy machine
  beforeAll(() => {
    entries = collect();
  });

  it('lists everything src/index.ts exports', async () => {
    const api = await import('../../src/index.js');
    const documented = new Set(entries.map((e) => e.name));
    expect(Object.keys(api).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('gives every operation (each exported function of src/ops) its command line equivalent', () => {
    const ops = entries.filter((e) => e.kind === 'function' && e.file.startsWith('src/ops/'));
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter((e) => !e.equivalent).map((e) => `${e.name} (${e.file})`)).toEqual([]);
    // 'none' only where the doc says why: socket helpers, not operations
    expect(ops.filter((e) => e.equivalent === 'none').map((e) => e.name).sort()).toEqual(['openNetfilter', 'openRtnl', 'withRtnl']);
  });

  it('reads the equivalent the ways doc comments give it', () => {
    expect(equivalentOf('ip netns add NAME')).toBe('ip netns add NAME');
    expect(equivalentOf('ip netns attach NAME PID: name the namespace process PID is in.')).toBe('ip netns attach NAME PID');
    expect(equivalentOf('sysctl -n KEY (in a namespace: ip netns exec NAME sysctl -n KEY)')).toBe('sysctl -n KEY');
    expect(equivalentOf('ip link add [NAME] [up]\n            [netns NS] type KIND\n\ne.g. ip link add x type veth')).toBe('ip link add [NAME] [up] [netns NS] type KIND');
    expect(equivalentOf('Listen for changes (`ip monitor`). Joins ...')).toBe('ip monitor');
    expect(equivalentOf('`iptables -A CHAIN RULE`: append a rule')).toBe('iptables -A CHAIN RULE');
    expect(equivalentOf('Open a socket. No `ip` equivalent: ip opens one per command (`ip -batch` ...).')).toBe('none');
    expect(equivalentOf('Do something.')).toBeUndefined();
  });

  it('refuses to generate when an operation has no equivalent', () => {
    const bad = { name: 'frob', kind: 'function' as const, file: 'src/ops/frob.ts', signature: 'function frob(): void', doc: 'Frob.' };
    expect(() => render([...entries, bad])).toThrow(/frob \(src\/ops\/frob\.ts\)/);
  });

  it('is current: docs/api.md is what `npm run docs` generates', () => {
    const committed = readFileSync(API_DOC, 'utf8');
    const generated = render(entries);
    if (committed !== generated) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      const i = a.findIndex((l, n) => l !== b[n]);
      expect.fail(`docs/api.md is not current (run npm run docs); first difference at line ${i + 1}:\n- ${a[i]}\n+ ${b[i]}`);
    }
  });
});
