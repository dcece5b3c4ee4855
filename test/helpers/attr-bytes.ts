// Hand-built attribute bytes for tests of edge cases no capture holds.

/** One attribute (struct nlattr + payload), padded to NLA_ALIGNTO. */
export function attr(type: number, payload: Buffer): Buffer {
  const b = Buffer.alloc((4 + payload.length + 3) & ~3);
  b.writeUInt16LE(4 + payload.length, 0);
  b.writeUInt16LE(type, 2);
  payload.copy(b, 4);
  return b;
}
