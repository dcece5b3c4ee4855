// `ip netns list` / `list-id` printers, and the name databases the route
// printers read; expected outputs are iproute2 6.1's.

import { describe, expect, it } from 'vitest';
import { formatNetnsList, formatNsidList } from '../../src/cli/print/netns.js';
import { parseRtNames } from '../../src/cli/print/rt-names-file.js';
import { dsfieldName, rtprotName, rtscopeName, rttableName, rtntypeName } from '../../src/cli/print/rt-names.js';

describe('formatNetnsList: ip netns list', () => {
  it('the tutorial: names, "(id: N)" after those with an id', () => {
    const list = [{ name: 'net1', id: 0 }, { name: 'net0' }];
    expect(formatNetnsList(list)).toBe('net1 (id: 0)\nnet0\n');
    expect(formatNetnsList(list, { json: true })).toBe('[{"name":"net1","id":0},{"name":"net0"}]\n');
    expect(formatNetnsList(list, { json: true, pretty: true }))
      .toBe('[ {\n        "name": "net1",\n        "id": 0\n    },{\n        "name": "net0"\n    } ]\n');
    expect(formatNetnsList([])).toBe('');
  });
});

describe('formatNsidList: ip netns list-id', () => {
  it('"nsid N (iproute2 netns name: NAME)", or a trailing space when the peer has no name', () => {
    const ids = [{ nsid: 0, name: 'net1' }, { nsid: 1 }];
    expect(formatNsidList(ids)).toBe('nsid 0 (iproute2 netns name: net1)\nnsid 1 \n');
    expect(formatNsidList(ids, { json: true })).toBe('[{"nsid":0,"name":"net1"},{"nsid":1}]\n');
  });

  it('target-nsid: current-nsid beside, "unassigned" for negative ids (not in JSON)', () => {
    const ids = [{ nsid: 9, currentNsid: 4, name: 'b' }, { nsid: 2, currentNsid: -1 }, { nsid: -1 }];
    expect(formatNsidList(ids)).toBe('nsid 9 current-nsid 4 (iproute2 netns name: b)\nnsid 2 current-nsid unassigned \nnsid unassigned \n');
    expect(formatNsidList(ids, { json: true })).toBe('[{"nsid":9,"current-nsid":4,"name":"b"},{"nsid":2},{}]\n');
    expect(formatNsidList([], { json: true })).toBe('[]\n');
  });
});

describe('name tables', () => {
  it('names and numbers as ip prints them', () => {
    expect(rtprotName(2)).toBe('kernel');
    expect(rtprotName(99)).toBe('openr');
    expect(rtprotName(17)).toBe('17');
    expect(rtscopeName(253)).toBe('link');
    expect(rtscopeName(7)).toBe('7');
    expect(rttableName(255)).toBe('local');
    expect(rttableName(100000)).toBe('100000');
    expect(dsfieldName(0x28)).toBe('AF11');
    expect(dsfieldName(0x10)).toBe('0x10');
    expect(rtntypeName(6)).toBe('blackhole');
    expect(rtntypeName(42)).toBe('42');
  });

  it('parses rt_* files: hex or decimal ids, comments, blank lines; stops at a bad line', () => {
    expect(parseRtNames('# c\n\n  0x10\tfoo\n200 bar # note\n300 big\nbad line\n5 after\n')).toEqual([[16, 'foo'], [200, 'bar']]);
    expect(parseRtNames('1000 tab\n', 0xffffffff)).toEqual([[1000, 'tab']]);
  });
});
