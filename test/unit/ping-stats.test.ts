import { describe, expect, it } from 'vitest';
import { PingCounts } from '../../src/ops/ping-stats.js';

describe('PingCounts', () => {
  it('counts replies, duplicates and corrupted replies as ping does', () => {
    const n = new PingCounts();
    expect(n.nextSeq).toBe(1);
    n.sent();
    expect(n.reply(1, 40)).toBe(false);
    n.sent();
    n.sent();
    expect(n.reply(2, 50)).toBe(false);
    expect(n.reply(2, 60)).toBe(true); // DUP!
    expect(n.reply(3, 70, true)).toBe(false); // BAD CHECKSUM: not a reply, not timed
    expect(n).toMatchObject({ transmitted: 3, received: 2, duplicates: 1, corrupted: 1, errors: 0, tmax: 60 });
    expect(n.timesUs).toEqual([40, 50, 60]); // duplicates are timed, as in ping's statistics
    expect(n.settled).toBe(2);
  });

  it('measures the pipe: requests outstanding when an answer came', () => {
    const n = new PingCounts();
    n.sent();
    n.reply(1, 1);
    expect(n.pipe).toBe(1);
    n.sent();
    n.sent();
    n.sent();
    n.error(2); // an IPv4 ICMP error acknowledges its request
    expect(n.pipe).toBe(3);
    n.error(); // IPv6 errors and local errors do not
    expect(n.pipe).toBe(3);
    expect(n.errors).toBe(2);
    expect(n.settled).toBe(3);
  });

  it('keeps ping\'s smoothed rtt (×8): rtt += t − rtt/8', () => {
    const n = new PingCounts();
    n.sent();
    n.reply(1, 15);
    expect(n.rttEwma8).toBe(120);
    n.sent();
    n.reply(2, 3);
    expect(n.rttEwma8).toBe(108); // ping printed ewma 0.013 ms for these two
  });

  it('wraps icmp_seq at 16 bits and forgets the old reply of a reused number', () => {
    const n = new PingCounts();
    for (let i = 0; i < 65535; i++) n.sent();
    expect(n.nextSeq).toBe(0); // the 65536th request
    n.sent();
    expect(n.reply(0, 1)).toBe(false);
    expect(n.reply(0, 1)).toBe(true);
    for (let i = 0; i < 65536; i++) n.sent(); // sequence 0 goes out again
    expect(n.reply(0, 1)).toBe(false);
  });
});
