import { describe, expect, it } from 'vitest';
import * as tsip from '../../src/index.js';

describe('the public API', () => {
  it('exports the operations and the wire layer', () => {
    for (const name of ['addNetns', 'addLink', 'setLink', 'addAddress', 'addRoute', 'listRoutes', 'addNeighbour', 'monitor', 'ping', 'iptables', 'getSysctl', 'NetlinkSocket', 'decodeBody', 'traceDatagram', 'withNetns']) {
      expect(typeof (tsip as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(tsip.RTM.RTM_NEWLINK).toBe(16);
    expect(tsip.link.name).toBe('ifinfomsg');
  });
});
