import { describe, expect, it } from 'vitest';
import {
  describeIcmp4, describeIcmp6, formatErrorLine, formatG, formatHeader, formatLoss, formatReply, formatSummary,
  formatTime, rttStats,
} from '../../src/ops/ping-format.js';

describe('header', () => {
  it('reads as iputils 20221126 prints it', () => {
    expect(formatHeader(4, '10.1.1.2', '10.1.1.2', 56)).toBe('PING 10.1.1.2 (10.1.1.2) 56(84) bytes of data.');
    expect(formatHeader(4, '10.1.1.2', '10.1.1.2', 8)).toBe('PING 10.1.1.2 (10.1.1.2) 8(36) bytes of data.');
    expect(formatHeader(6, 'fd00::2', 'fd00::2', 56)).toBe('PING fd00::2(fd00::2) 56 data bytes');
  });
});

describe('formatTime', () => {
  it.each([
    [0, '0.000 ms'], [49, '0.049 ms'], [999, '0.999 ms'],
    [1000, '1.00 ms'], [1234, '1.23 ms'], [1235, '1.24 ms'], [9994, '9.99 ms'],
    [9995, '10.0 ms'], [12345, '12.3 ms'], [99949, '99.9 ms'],
    [99950, '100 ms'], [123456, '123 ms'], [123500, '124 ms'],
  ])('%i µs -> %s', (us, text) => {
    expect(formatTime(us)).toBe(text);
  });
});

describe('reply and error lines', () => {
  it('prints a reply', () => {
    expect(formatReply({ bytes: 64, from: '10.1.1.2', seq: 1, ttl: 64, timeUs: 49 })).toBe('64 bytes from 10.1.1.2: icmp_seq=1 ttl=64 time=0.049 ms');
    expect(formatReply({ bytes: 16, from: '10.1.1.2', seq: 2, ttl: 64 })).toBe('16 bytes from 10.1.1.2: icmp_seq=2 ttl=64');
    expect(formatReply({ bytes: 64, from: '::1', seq: 3, ttl: -1, timeUs: 1234, dup: true })).toBe('64 bytes from ::1: icmp_seq=3 time=1.23 ms (DUP!)');
    expect(formatReply({ bytes: 20, from: '10.1.1.2', seq: 4, ttl: 64, timeUs: 5, truncated: true })).toBe('20 bytes from 10.1.1.2: icmp_seq=4 ttl=64 (truncated)');
  });
  it('prints ICMP errors', () => {
    expect(formatErrorLine('10.1.1.1', 1, describeIcmp4(3, 1))).toBe('From 10.1.1.1 icmp_seq=1 Destination Host Unreachable');
    expect(formatErrorLine('fd00::1', 2, describeIcmp6(1, 3))).toBe('From fd00::1 icmp_seq=2 Destination unreachable: Address unreachable');
    expect(describeIcmp4(3, 4, 1400)).toBe('Frag needed and DF set (mtu = 1400)');
    expect(describeIcmp4(11, 0)).toBe('Time to live exceeded');
    expect(describeIcmp4(3, 99)).toBe('Dest Unreachable, Bad Code: 99');
    expect(describeIcmp6(2, 0, 1280)).toBe('Packet too big: mtu=1280');
    expect(describeIcmp6(3, 0)).toBe('Time exceeded: Hop limit');
    expect(describeIcmp6(4, 1, 40)).toBe('Parameter problem: Unknown header at 40');
  });
});

describe('loss', () => {
  it.each([
    [3, 3, '0'], [2, 0, '100'], [3, 1, '66.6667'], [3, 2, '33.3333'], [7, 1, '85.7143'],
    [1_000_000, 999_999, '0.0001'], [10_000_000, 9_999_999, '1e-05'],
  ])('%i sent, %i received -> %s%%', (tx, rx, text) => {
    expect(formatLoss(tx, rx)).toBe(text);
  });
  it('formats like %g', () => {
    expect(formatG(100)).toBe('100');
    expect(formatG(12.5)).toBe('12.5');
    expect(formatG(1234567)).toBe('1.23457e+06');
    // checked against glibc printf("%g", (double)(float)x)
    expect(formatG(Math.fround(99.99995))).toBe('99.9999');
    expect(formatG(Math.fround(0.00003))).toBe('3e-05');
  });
});

describe('rttStats', () => {
  // Each case is a real iputils run here: its per-reply times and its summary line.
  it.each([
    [[74, 37, 35], 'rtt min/avg/max/mdev = 0.035/0.048/0.074/0.017 ms'],
    [[38, 28], 'rtt min/avg/max/mdev = 0.028/0.033/0.038/0.005 ms'],
    [[22, 33], 'rtt min/avg/max/mdev = 0.022/0.027/0.033/0.005 ms'],
    [[47, 47], 'rtt min/avg/max/mdev = 0.047/0.047/0.047/0.000 ms'],
    [[22, 31, 28, 34, 32], 'rtt min/avg/max/mdev = 0.022/0.029/0.034/0.004 ms'],
  ])('%j', (times, line) => {
    const s = rttStats(times)!;
    expect(formatSummary({ host: 'h', transmitted: times.length, received: times.length, duplicates: 0, corrupted: 0, errors: 0, elapsedNs: 0, timesUs: times, pipe: 1, interval: 1 })[3]).toBe(line);
    expect(s.min).toBe(Math.min(...times));
  });
  it('uses ping\'s integer arithmetic for large times too', () => {
    // tsum 3000000: avg 1000000; variance (2e12+... ) exercised on the tsum >= INT_MAX branch elsewhere
    expect(rttStats([1_000_000, 1_000_000, 1_000_000])).toEqual({ min: 1_000_000, avg: 1_000_000, max: 1_000_000, mdev: 0 });
    expect(rttStats([1_000_000_000, 1_500_000_000, 2_000_000_000])!.mdev).toBe(408_248_290);
    expect(rttStats([])).toBeUndefined();
  });
});

describe('summary', () => {
  const base = { host: '10.1.1.2', duplicates: 0, corrupted: 0, errors: 0, pipe: 1, interval: 1 };
  it('prints counts, loss, time and rtt', () => {
    expect(formatSummary({ ...base, transmitted: 3, received: 3, elapsedNs: 406_600_000, timesUs: [74, 37, 35] })).toEqual([
      '', '--- 10.1.1.2 ping statistics ---',
      '3 packets transmitted, 3 received, 0% packet loss, time 407ms',
      'rtt min/avg/max/mdev = 0.035/0.048/0.074/0.017 ms',
    ]);
  });
  it('ends with an empty line when nothing came back', () => {
    expect(formatSummary({ ...base, transmitted: 2, received: 0, elapsedNs: 1_021_000_000, timesUs: [] })).toEqual([
      '', '--- 10.1.1.2 ping statistics ---', '2 packets transmitted, 0 received, 100% packet loss, time 1021ms', '',
    ]);
  });
  it('adds errors, duplicates, corrupted, pipe and ipg/ewma as ping does', () => {
    expect(formatSummary({ ...base, transmitted: 6, received: 0, errors: 6, pipe: 3, elapsedNs: 2_549_000_000, timesUs: [] }).slice(2)).toEqual([
      '6 packets transmitted, 0 received, +6 errors, 100% packet loss, time 2549ms', 'pipe 3',
    ]);
    expect(formatSummary({ ...base, transmitted: 2, received: 2, duplicates: 1, corrupted: 1, elapsedNs: 0, timesUs: [10, 20, 30] })[2])
      .toBe('2 packets transmitted, 2 received, +1 duplicates, +1 corrupted, 0% packet loss, time 0ms');
    expect(formatSummary({ ...base, transmitted: 2, received: 2, pipe: 2, interval: 0, elapsedNs: 45_000, rttEwma8: 104, timesUs: [15, 3] })[3])
      .toBe('rtt min/avg/max/mdev = 0.003/0.009/0.015/0.006 ms, pipe 2, ipg/ewma 0.045/0.013 ms');
  });
});
