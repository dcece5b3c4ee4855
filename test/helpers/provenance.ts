// What a byte fixture is and where it came from. Kept free of vitest, so
// that scripts (scripts/fuzz.ts) can load the fixtures outside the test
// runner; test/helpers/fixture.ts re-exports it beside checkFixture().

export interface Provenance {
  /** the command whose netlink traffic this is */
  command: string;
  /** uname -r of the machine it ran on */
  kernel: string;
  /** how the bytes were taken: "strace -e read=all -e write=all (scripts/capture.ts)" */
  captured: string;
  /** "request" (what the tool sent) or "reply" (what the kernel sent) */
  direction: 'request' | 'reply';
}

export interface Fixture {
  name: string;
  provenance: Provenance;
  /** one whole netlink message, nlmsghdr included */
  hex: string;
  /** nlmsg_type, as a check on the bytes */
  type: number;
  /** the decoded body: the family header's fields, then attrs */
  expected: Record<string, unknown>;
  /**
   * false when tsip re-encodes the body differently from its source, with
   * the reason in `why`: iproute2 writes some strings without their NUL
   * (IFLA_INFO_KIND, RTAX_CC_ALGO); the kernel accepts both forms and writes
   * the NUL itself, and so does tsip.
   */
  exact?: false;
  why?: string;
}

export const STRACE = 'strace -e read=all -e write=all (scripts/capture.ts)';
