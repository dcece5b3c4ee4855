// Address messages: every captured fixture decodes to its expected object
// and encodes back to the same bytes.

import { describe, it } from 'vitest';
import { address } from '../../src/netlink/rtnl/address.js';
import { checkFixture } from '../helpers/fixture.js';
import { addressFixtures } from '../fixtures/rtnl/address.js';

describe('address (ifaddrmsg + IFA_*)', () => {
  it.each(addressFixtures)('$name', (f) => checkFixture(f, address));
});
