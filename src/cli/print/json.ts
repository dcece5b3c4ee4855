// A JSON writer that writes what iproute2's lib/json_writer.c writes, byte
// for byte: `ip -j` output is one line, `ip -j -p` is ip's own pretty form,
//
//   [ {                                  an object per link, 4 spaces a level
//           "ifindex": 2,
//           "flags": [ "BROADCAST","MULTICAST" ],   arrays of values on one line
//           "addr_info": [ ],
//           "hold_timer": 0.00,          raw numbers as the caller formats them
//       } ]
//
// Numbers are written as given: a bigint prints every digit (64-bit
// counters stay exact), and raw() writes text such as "0.00" unquoted.
// Strings are escaped as jsonw_puts() does: \t \n \r \f \b \\ \" and
// nothing else.

export class JsonWriter {
  private out = '';
  private depth = 0;
  /** "" before the first element at a level, "," after it (jsonw's sep) */
  private sep = '';

  constructor(private readonly pretty = false) {}

  private indent(): void {
    this.out += '    '.repeat(this.depth);
  }

  /** end of line, pretty form only */
  private eol(): void {
    if (!this.pretty) return;
    this.out += '\n';
    this.indent();
  }

  /** end of record: the separator before the next value */
  private eor(): void {
    this.out += this.sep;
    this.sep = ',';
  }

  private puts(s: string): void {
    this.out += `"${s.replace(/[\t\n\r\f\b\\"]/g, (c) => ESCAPES[c]!)}"`;
  }

  private begin(c: string): void {
    this.eor();
    this.out += c;
    this.depth++;
    this.sep = '';
  }

  private end(c: string): void {
    this.depth--;
    if (this.sep) this.eol();
    this.out += c;
    this.sep = ',';
  }

  /** A member's name; its value follows. */
  name(name: string): this {
    this.eor();
    this.eol();
    this.sep = '';
    this.puts(name);
    this.out += this.pretty ? ': ' : ':';
    return this;
  }

  startObject(): this {
    this.begin('{');
    return this;
  }

  endObject(): this {
    this.end('}');
    return this;
  }

  startArray(): this {
    this.begin('[');
    if (this.pretty) this.out += ' ';
    return this;
  }

  endArray(): this {
    if (this.pretty && this.sep) this.out += ' ';
    this.sep = '';
    this.end(']');
    return this;
  }

  string(value: string): this {
    this.eor();
    this.puts(value);
    return this;
  }

  /** A value written as is (jsonw_printf): numbers, true, false, null, "0.00". */
  raw(text: string): this {
    this.eor();
    this.out += text;
    return this;
  }

  number(value: number | bigint): this {
    return this.raw(String(value));
  }

  bool(value: boolean): this {
    return this.raw(value ? 'true' : 'false');
  }

  null(): this {
    return this.raw('null');
  }

  /** What was written, with the newline jsonw_destroy() ends on. */
  finish(): string {
    return `${this.out}\n`;
  }
}

const ESCAPES: Record<string, string> = {
  '\t': '\\t', '\n': '\\n', '\r': '\\r', '\f': '\\f', '\b': '\\b', '\\': '\\\\', '"': '\\"',
};
