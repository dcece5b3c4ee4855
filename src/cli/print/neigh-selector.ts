// The selector of `ip neigh show` read into ip's neighbour filter
// (ip/ipneigh.c do_show_or_flush):
//
//   [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]... [ master DEV ]
//   [ unused ] [ protocol PROTO ]
//
// STATE := permanent | noarp | stale | reachable | none | incomplete |
//          delay | probe | failed | all

import { AF_UNSPEC } from '../../netlink/constants.js';
import { NTF, NUD } from '../../netlink/rtnl/neigh.js';
import { Args, CliError, duparg, invarg, matches } from '../args.js';
import { parsePrefix, strtoul0 } from './ip-prefix.js';
import { newNeighFilter, type NeighFilter } from './neigh.js';
import { nameToId, type SelectorContext } from './route-selector.js';
import { DEFAULT_RT_NAMES } from './rt-names.js';

/** nud_state_a2n(): a NUD_* state by name, or a number with at most one bit. */
export function nudStateId(arg: string): number | undefined {
  if (matches(arg, 'permanent')) return NUD.NUD_PERMANENT;
  if (matches(arg, 'reachable')) return NUD.NUD_REACHABLE;
  if (arg === 'noarp') return NUD.NUD_NOARP;
  if (arg === 'none') return NUD.NUD_NONE;
  if (arg === 'stale') return NUD.NUD_STALE;
  if (arg === 'incomplete') return NUD.NUD_INCOMPLETE;
  if (arg === 'delay') return NUD.NUD_DELAY;
  if (arg === 'probe') return NUD.NUD_PROBE;
  if (matches(arg, 'failed')) return NUD.NUD_FAILED;
  const n = strtoul0(arg);
  if (n === undefined || n >= 0x100 || (n & (n - 1))) return undefined;
  return n;
}

/** Read the selector of `ip neigh show`. */
export function parseNeighSelector(argv: readonly string[], ctx: SelectorContext): NeighFilter {
  const names = ctx.names ?? DEFAULT_RT_NAMES;
  const f = newNeighFilter({ family: ctx.family });
  const args = new Args(argv);
  let dev: string | undefined;
  let stateGiven = false;
  while (!args.done) {
    const a = args.take();
    if (a === 'dev') {
      const v = args.value();
      if (dev !== undefined) throw duparg('dev', v);
      dev = v;
    } else if (a === 'master' || a === 'vrf') {
      const v = args.value();
      const idx = ctx.linkIndex(v);
      if (!idx) throw invarg(a === 'vrf' ? 'Not a valid VRF name\n' : 'Device does not exist\n', v);
      f.master = idx;
    } else if (a === 'unused') {
      f.unusedOnly = true;
    } else if (a === 'nud') {
      const v = args.value();
      if (!stateGiven) {
        stateGiven = true;
        f.state = 0;
      }
      let state = nudStateId(v);
      if (state === undefined) {
        if (v !== 'all') throw invarg('nud state is bad', v);
        state = ~0;
      }
      if (state === 0) state = 0x100;
      f.state |= state;
    } else if (a === 'proxy') {
      f.ndmFlags = NTF.NTF_PROXY;
    } else if (matches(a, 'protocol')) {
      const v = args.value();
      let p = nameToId(names.protos, v);
      if (p === undefined) {
        if (v !== 'all') throw invarg('invalid "protocol"\n', v);
        p = 0;
      }
      f.protocol = p;
    } else {
      let v = a;
      if (v === 'to') v = args.value();
      if (matches(v, 'help')) throw new CliError('usage', 255);
      f.pfx = parsePrefix(v, f.family);
      if (f.family === AF_UNSPEC) f.family = f.pfx.family;
    }
  }
  if (dev !== undefined) {
    const idx = ctx.linkIndex(dev);
    if (!idx) throw new CliError(`Cannot find device "${dev}"`, 1);
    f.index = idx;
  }
  return f;
}
