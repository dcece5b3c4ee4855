import { describe, expect, it } from 'vitest';
import { parsePingArgs, pingMain } from '../../src/ops/ping-cli.js';

// Wording and exit statuses are those of iputils 20221126 ping, run here.
async function run(...argv: string[]) {
  let out = '', err = '';
  const status = await pingMain(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { status, out, err };
}

describe('parsePingArgs', () => {
  it('reads options as getopt does', () => {
    expect(parsePingArgs(['-c', '3', '-i', '0.2', '-W', '1', '-s', '100', '10.1.1.2']))
      .toEqual({ quiet: false, count: 3, interval: 0.2, timeout: 1, size: 100, target: '10.1.1.2' });
    expect(parsePingArgs(['-qc3', '-6', 'fd00::2'])).toEqual({ quiet: true, count: 3, family: 6, target: 'fd00::2' });
    expect(parsePingArgs(['10.1.1.2', '-c', '2'])).toMatchObject({ count: 2, target: '10.1.1.2' });
    expect(parsePingArgs(['-c2', '--', '-x'])).toMatchObject({ count: 2, target: '-x' });
  });
});

describe('pingMain refusals', () => {
  it.each([
    [['-c', 'abc', '10.1.1.2'], 1, "ping: invalid argument: 'abc'\n"],
    [['-c', '0', '10.1.1.2'], 1, "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n"],
    [['-s', '-1', '10.1.1.2'], 1, "ping: invalid argument: '-1': out of range: 0 <= value <= 65527\n"],
    [['-i', 'x', '10.1.1.2'], 2, 'ping: bad timing interval: x\n'],
    [['-i', '-1', '10.1.1.2'], 2, 'ping: bad timing interval: -1\n'],
    [['-W', 'soon', '10.1.1.2'], 2, 'ping: bad linger time: soon\n'],
    [['-4', '-6', '::1'], 2, 'ping: only one -4 or -6 option may be specified\n'],
    [['-6', '127.0.0.1'], 2, 'ping: 127.0.0.1: Address family for hostname not supported\n'],
    [['-4', '::1'], 2, 'ping: ::1: Address family for hostname not supported\n'],
    [[], 1, 'ping: usage error: Destination address required\n'],
    [['host.invalid'], 2, 'ping: host.invalid: Name or service not known\n'],
  ])('%j -> %i', async (argv, status, err) => {
    expect(await run(...argv)).toEqual({ status, out: '', err });
  });
  it('prints the usage after a bad option', async () => {
    const r = await run('-x', '10.1.1.2');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^ping: invalid option -- 'x'\n\nUsage\n {2}ping \[options\] <destination>\n/);
    expect((await run('-c')).err).toMatch(/^ping: option requires an argument -- 'c'\n/);
  });
});
