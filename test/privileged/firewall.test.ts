// tsip's iptables against the real iptables-nft, in a fresh namespace per
// test: the same commands must leave the same ruleset behind, as nft itself
// reads it back (`nft -j list ruleset`, `nft --debug=netlink list ruleset`),
// and tsip's -S must print what iptables -S printed.

import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { IptablesError, iptables, openNetfilter, appendRule, deleteRuleAt, listRules } from '../../src/ops/firewall.js';
import { scenario } from '../fixtures/nftables/scenario.js';
import { freshNetns, privileged } from '../helpers/privileged.js';

const hasNft = (() => {
  try {
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const NO_NFT = 'skipped: the nft tool (Debian package nftables) is not installed';

/** `nft -j list ruleset` in the namespace, without metainfo and handles. */
function nftJson(ns: string): unknown[] {
  const out = execFileSync('ip', ['netns', 'exec', ns, 'nft', '-j', 'list', 'ruleset'], { encoding: 'utf8' });
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'handle').map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return (JSON.parse(out).nftables as Record<string, unknown>[]).filter((x) => !('metainfo' in x)).map(strip);
}

/** The expressions part of `nft --debug=netlink list ruleset`, rule handles left out. */
function nftNetlink(ns: string): string {
  const out = execFileSync('ip', ['netns', 'exec', ns, 'nft', '--debug=netlink', 'list', 'ruleset'], { encoding: 'utf8' });
  const i = out.indexOf('\ntable ');
  return dropHandles(i >= 0 ? out.slice(0, i) : out);
}
const dropHandles = (s: string) => s.replace(/^(ip filter \w+)( \d+)+$/gm, '$1');

privileged('firewall ops against iptables-nft (nft as the oracle)', () => {
  const ns = freshNetns('fw');

  it('prints with -S what iptables -S printed, after every command of the scenario', async () => {
    for (const step of scenario) {
      await iptables(step.args, { netns: ns() });
      expect(await iptables(['-S'], { netns: ns() }), `after iptables ${step.args.join(' ')}`).toBe(step.save);
    }
  });

  it.skipIf(!hasNft)(`leaves the ruleset iptables-nft leaves, as nft reads it${hasNft ? '' : ` (${NO_NFT})`}`, async () => {
    for (const step of scenario) {
      await iptables(step.args, { netns: ns() });
      const after = `after iptables ${step.args.join(' ')}`;
      expect(nftJson(ns()), after).toEqual(step.nft);
      expect(nftNetlink(ns()), after).toBe(dropHandles(step.netlink));
    }
  });

  it.skipIf(!hasNft)(`makes the tutorial's rule the same as nft add rule ... iifname "br0" counter accept${hasNft ? '' : ` (${NO_NFT})`}`, async () => {
    await iptables(['-A', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT'], { netns: ns() });
    const ours = nftJson(ns());
    execFileSync('ip', ['netns', 'exec', ns(), 'nft', 'flush', 'ruleset']);
    execFileSync('ip', ['netns', 'exec', ns(), 'nft', 'add table ip filter; add chain ip filter FORWARD { type filter hook forward priority 0; policy accept; }; add rule ip filter FORWARD iifname "br0" counter accept']);
    expect(ours).toEqual(nftJson(ns()));
  });

  it('refuses, in iptables\' words, what cannot be done, and changes nothing', async () => {
    const opts = { netns: ns() };
    await appendRule('FORWARD', { inIface: { name: 'br0', invert: false }, target: 'ACCEPT' }, opts);
    const before = await listRules(undefined, opts);
    const fails = async (argv: string[]) => {
      try {
        await iptables(argv, opts);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(await fails(['-D', 'FORWARD', '-i', 'br1', '-j', 'ACCEPT'])).toEqual(new IptablesError('Bad rule (does a matching rule exist in that chain?).', 1));
    expect(await fails(['-D', 'FORWARD', '2'])).toEqual(new IptablesError('Index of deletion too big.', 1));
    expect(await fails(['-I', 'FORWARD', '3', '-j', 'DROP'])).toEqual(new IptablesError('Index of insertion too big.', 1));
    expect(await listRules(undefined, opts)).toBe(before);
    await deleteRuleAt('FORWARD', 1, opts);
    expect(await listRules('FORWARD', opts)).toBe('-P FORWARD ACCEPT\n');
  });

  it('reuses one socket for many ops and counts what the rules match', async () => {
    const sock = openNetfilter({ netns: ns() });
    try {
      await iptables(['-A', 'INPUT', '-i', 'lo', '-p', 'icmp', '-j', 'ACCEPT'], { socket: sock });
      await iptables(['-A', 'OUTPUT', '-o', 'lo', '-j', 'ACCEPT'], { socket: sock });
      execFileSync('ip', ['netns', 'exec', ns(), 'ping', '-c', '3', '-i', '0.01', '-q', '127.0.0.1'], { stdio: 'ignore' });
      const text = await iptables(['-L', 'INPUT', '-v', '-n', '-x'], { socket: sock });
      // 3 echo requests and 3 replies, 84 bytes each, all in on lo
      expect(text.split('\n')[2]).toMatch(/^\s+6\s+504 ACCEPT {5}1 {4}-- {2}lo {5}\* {7}0\.0\.0\.0\/0 {12}0\.0\.0\.0\/0 {11}$/);
    } finally {
      sock.close();
    }
  });
});

privileged('firewall ops when the ruleset changes under them', () => {
  const ns = freshNetns('fwrace');

  it('starts over when another writer commits between its read and its batch (ERESTART)', async () => {
    let batches = 0;
    let raced = false;
    let otherAdd: Promise<void> | undefined;
    const other = openNetfilter({ netns: ns() });
    const sock = openNetfilter({
      netns: ns(),
      trace: (direction, bytes) => {
        if (direction !== 'request' || bytes.readUInt16LE(4) !== 0x10 /* NFNL_MSG_BATCH_BEGIN */) return;
        batches++;
        if (!raced) {
          raced = true; // another writer commits first: the generation our batch carries is now stale
          // The op does its work before it returns (its promise only reports
          // it), so the other writer has committed when the batch goes out.
          otherAdd = appendRule('FORWARD', { target: 'DROP' }, { socket: other });
        }
      },
    });
    try {
      await appendRule('FORWARD', { inIface: { name: 'br0', invert: false }, target: 'ACCEPT' }, { socket: sock });
      await otherAdd;
      expect(batches).toBe(2);
      expect(await listRules('FORWARD', { socket: sock })).toBe('-P FORWARD ACCEPT\n-A FORWARD -j DROP\n-A FORWARD -i br0 -j ACCEPT\n');
      expect(sock.stale).toBe(0);
    } finally {
      sock.close();
      other.close();
    }
  });
});
