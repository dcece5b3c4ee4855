// The link family against bytes captured from the kernel: every fixture
// decodes to its expected object and encodes back to the same bytes.

import { describe, it } from 'vitest';
import { link } from '../../src/netlink/rtnl/link.js';
import { linkFixtures } from '../fixtures/rtnl/link.js';
import { checkFixture } from '../helpers/fixture.js';

describe('link family (ifinfomsg + IFLA_*)', () => {
  for (const f of linkFixtures) {
    it(f.name, () => checkFixture(f, link));
  }
});
