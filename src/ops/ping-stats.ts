// The counts ping keeps while it runs (iputils ping/ping_common.c:
// gather_statistics, acknowledge, advance_ntransmitted), with its 16-bit
// sequence arithmetic. Pure: no I/O.

export class PingCounts {
  transmitted = 0;
  /** distinct replies (duplicates and bad checksums not counted) */
  received = 0;
  duplicates = 0;
  corrupted = 0;
  errors = 0;
  /** the most requests outstanding when an answer came ("pipe N") */
  pipe = 0;
  /** the slowest round trip, µs */
  tmax = 0;
  /** ping's smoothed round trip, ×8, µs (rtt += t − rtt/8) */
  rttEwma8 = 0;
  /** round trips of the replies in µs, duplicates included */
  readonly timesUs: number[] = [];
  private acked = 0;
  private readonly answered = new Set<number>();

  /** Requests answered, by a reply or an error: ping stops when this reaches its count. */
  get settled(): number {
    return this.received + this.errors;
  }

  /** The sequence number of the next request (icmp_seq counts from 1, 16 bits). */
  get nextSeq(): number {
    return (this.transmitted + 1) & 0xffff;
  }

  /** A request went out (or failed locally, which ping counts as sent). */
  sent(): void {
    this.answered.delete(this.nextSeq);
    this.transmitted++;
    if (((this.transmitted - this.acked) & 0xffff) > 0x7fff) this.acked = (this.transmitted & 0xffff) + 1;
  }

  /** An answer to request `seq` came: note how many were outstanding. */
  acknowledge(seq: number): void {
    const diff = (this.transmitted - seq) & 0xffff;
    if (diff > 0x7fff) return;
    this.pipe = Math.max(this.pipe, diff + 1);
    if (((seq - this.acked) << 16 >> 16) > 0 || ((this.transmitted - this.acked) & 0xffff) > 0x7fff) this.acked = seq;
  }

  /**
   * An echo reply to `seq`, timed (µs) or not; returns whether it is a
   * duplicate. A reply with a bad checksum counts as corrupted only.
   */
  reply(seq: number, timeUs: number | undefined, badChecksum = false): boolean {
    if (badChecksum) {
      this.corrupted++;
      return false;
    }
    this.acknowledge(seq);
    if (timeUs !== undefined) {
      this.timesUs.push(timeUs);
      this.tmax = Math.max(this.tmax, timeUs);
      this.rttEwma8 = this.rttEwma8 ? this.rttEwma8 + timeUs - Math.trunc(this.rttEwma8 / 8) : timeUs * 8;
    }
    if (this.answered.has(seq)) {
      this.duplicates++;
      return true;
    }
    this.answered.add(seq);
    this.received++;
    return false;
  }

  /** An error instead of a reply (IPv4 ICMP errors also acknowledge, as ping does). */
  error(seq?: number): void {
    if (seq !== undefined) this.acknowledge(seq);
    this.errors++;
  }
}
