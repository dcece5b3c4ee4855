// docs/netlink-walkthrough.md is current: regenerating it from real runs of
// `tsip --trace` (scripts/walkthrough.ts) gives the file as committed. When
// this fails, the code's messages changed: run `npm run docs:walkthrough`,
// read the new traces against the prose around them, and commit both.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { privileged } from '../helpers/privileged.js';
import { DOC, firstDifference } from '../../scripts/walkthrough.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/walkthrough.ts', import.meta.url));
const hasStrace = spawnSync('strace', ['-V']).status === 0;

privileged('docs/netlink-walkthrough.md', () => {
  it.skipIf(!hasStrace)(`is what scripts/walkthrough.ts generates from real runs${hasStrace ? '' : ' (skipped: no strace on this machine)'}`, () => {
    const before = readdirSync('/run/netns');
    const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--stdout'], { encoding: 'utf8', timeout: 150_000 });
    expect(r.stderr.replace(/^npm warn.*\n/gm, ''), 'the generator failed').not.toMatch(/Error|failed/);
    expect(r.status).toBe(0);
    const committed = readFileSync(DOC, 'utf8');
    // the first difference, readable, before the whole comparison
    expect(committed === r.stdout ? 'identical' : firstDifference(committed, r.stdout),
      'docs/netlink-walkthrough.md is not current: run npm run docs:walkthrough').toBe('identical');
    // everything ran under a private /run/netns: nothing shows here
    expect(readdirSync('/run/netns').filter((n) => !before.includes(n) && /^(net0|net1|host)$/.test(n))).toEqual([]);
  }, 180_000);
});
