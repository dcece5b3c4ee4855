import { describe, expect, it } from 'vitest';
import { parseGlobal } from '../../src/cli/global.js';
import { makeargs, parseBatch } from '../../src/cli/batch.js';
import { main } from '../../src/cli/main.js';
import { matches } from '../../src/cli/args.js';

const run = async (...argv: string[]) => {
  let out = '';
  let err = '';
  const status = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) }, {});
  return { status, out, err };
};

describe('global options, matched in ip order', () => {
  it.each([
    [['-s', '-s', 'link'], { stats: 2 }],
    [['-d', 'link'], { details: 1 }],
    [['-j', '-p', 'a'], { json: true, pretty: true }],
    [['-br', 'l'], { brief: true }],
    [['-h', 'l'], { human: true }], // -h is -human in ip, not help
    [['-n', 'net1', 'l'], { netns: 'net1' }],
    [['-netns', 'net1', 'l'], { netns: 'net1' }],
    [['--json', 'l'], { json: true }],
    [['-4', 'r'], { family: 'inet' }],
    [['-f', 'inet6', 'r'], { family: 'inet6' }],
    [['-force', '-batch', 'f'], { force: true, batch: 'f' }],
    [['-b', 'f'], { batch: 'f' }],
    [['--trace', 'l'], { trace: true }],
  ] as const)('%j', (argv, want) => {
    const { opts } = parseGlobal(argv);
    expect(opts).toMatchObject(want);
  });

  it('stops at the object and keeps the rest', () => {
    expect(parseGlobal(['-j', 'link', 'show', '-x']).rest).toEqual(['link', 'show', '-x']);
  });

  it('turns tracing on from TSIP_TRACE=1', () => {
    expect(parseGlobal(['l'], { TSIP_TRACE: '1' }).opts.trace).toBe(true);
  });

  it('matches keywords by prefix, as iproute2', () => {
    expect([matches('sh', 'show'), matches('', 'show'), matches('shows', 'show')]).toEqual([true, false, false]);
  });
});

describe('errors and exit statuses, as ip gives them', () => {
  it('unknown option and object', async () => {
    expect(await run('-x', 'link')).toEqual({ status: 255, out: '', err: 'Option "-x" is unknown, try "tsip -help".\n' });
    expect(await run('foo')).toEqual({ status: 1, out: '', err: 'Object "foo" is unknown, try "tsip help".\n' });
  });

  it('an option without its value', async () => {
    expect(await run('-n')).toMatchObject({ status: 255, err: 'Command line is not complete. Try option "help"\n' });
  });

  it('a bad family', async () => {
    expect((await run('-f', 'ipx', 'r')).err).toBe('Error: argument "ipx" is wrong: invalid protocol family\n');
  });

  it('-V prints the version', async () => {
    expect(await run('-V')).toEqual({ status: 0, out: expect.stringMatching(/^tsip utility, tsip-\d+\.\d+\.\d+\n$/), err: '' });
  });

  it('a missing batch file', async () => {
    expect(await run('-batch', '/nonexistent/x')).toEqual({ status: 1, out: '', err: 'Cannot open file "/nonexistent/x" for reading: No such file or directory\n' });
  });
});

describe('batch files, split as ip splits them', () => {
  it('words, quotes, comments and continuations', () => {
    expect(makeargs(`link add "my br" type bridge # comment`)).toEqual(['link', 'add', 'my br', 'type', 'bridge']);
    expect(makeargs(`addr add 10.0.0.1/24 dev 'x y'`)).toEqual(['addr', 'add', '10.0.0.1/24', 'dev', 'x y']);
    // a continued command is numbered by its last line, as ip's cmdlineno counts
    expect(parseBatch('# only a comment\n\nlink add a \\\n type ifb\nroute show\n')).toEqual([
      { line: 4, argv: ['link', 'add', 'a', 'type', 'ifb'] },
      { line: 5, argv: ['route', 'show'] },
    ]);
  });
});
