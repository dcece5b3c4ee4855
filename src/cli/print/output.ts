// iproute2's lib/json_print.c: one set of print calls that writes text or
// JSON. Each call says where its value goes,
//
//   'any'   text and JSON      print_string(PRINT_ANY, "mtu", "mtu %u ", v)
//   'json'  JSON only          (a key that the text form spells otherwise)
//   'fp'    text only          (" brd ", line breaks, padding)
//
// and carries both the JSON key and the text format, so a printer ported
// from iproute2 keeps its calls one for one. In text mode the format is a
// C format string (./printf.ts); in JSON mode the value is written under the
// key with the type iproute2's call gives it (a string, a number, a bool).

import { JsonWriter } from './json.js';
import { sprintf } from './printf.js';
import { formatG } from './route-parts.js';

export type Where = 'any' | 'json' | 'fp';

export class Output {
  /** the JSON writer, in JSON mode */
  readonly jw?: JsonWriter;
  private text = '';
  /** the line separator: "\n", or "\\" for -oneline (iproute2's _SL_) */
  readonly SL: string;

  constructor(opts: { json?: boolean; pretty?: boolean; oneline?: boolean } = {}) {
    if (opts.json) this.jw = new JsonWriter(!!opts.pretty);
    this.SL = opts.oneline ? '\\' : '\n';
  }

  get isJson(): boolean {
    return this.jw !== undefined;
  }

  private inJson(t: Where): boolean {
    return this.jw !== undefined && t !== 'fp';
  }

  private inText(t: Where): boolean {
    return this.jw === undefined && t !== 'json';
  }

  /** fprintf(fp, ...): text mode only. */
  fp(fmt: string, ...args: unknown[]): void {
    if (!this.jw) this.text += args.length ? sprintf(fmt, ...args) : fmt;
  }

  /** print_nl(): the line separator, text mode only. */
  nl(): void {
    if (!this.jw) this.text += this.SL;
  }

  /** print_string(): a key with no value writes the name alone, a value with no key a bare value. */
  string(t: Where, key: string | null, fmt: string | null, value: string | null): void {
    if (this.inJson(t)) {
      if (key !== null && value === null) this.jw!.name(key);
      else if (key === null) this.jw!.string(value ?? '');
      else this.jw!.name(key).string(value!);
    } else if (this.inText(t) && fmt !== null) {
      this.text += sprintf(fmt, value);
    }
  }

  private number(t: Where, key: string | null, fmt: string | null, jsonFmt: string, value: number | bigint): void {
    if (this.inJson(t)) {
      if (key !== null) this.jw!.name(key);
      this.jw!.raw(sprintf(jsonFmt, value));
    } else if (this.inText(t) && fmt !== null) {
      this.text += sprintf(fmt, value);
    }
  }

  /** print_int(): a C int */
  int(t: Where, key: string | null, fmt: string | null, value: number): void {
    this.number(t, key, fmt, '%d', value);
  }

  /** print_uint(): a C unsigned int */
  uint(t: Where, key: string | null, fmt: string | null, value: number): void {
    this.number(t, key, fmt, '%u', value);
  }

  /** print_u64(), print_lluint(), print_luint(): 64 bits, exact as bigint */
  u64(t: Where, key: string | null, fmt: string | null, value: number | bigint): void {
    this.number(t, key, fmt, '%llu', value);
  }

  /** print_float(): a C double, "%g" in JSON too (print_tv's seconds) */
  float(t: Where, key: string | null, fmt: string | null, value: number): void {
    const g = formatG(value);
    if (this.inJson(t)) {
      if (key !== null) this.jw!.name(key);
      this.jw!.raw(g);
    } else if (this.inText(t) && fmt !== null) {
      this.text += sprintf(fmt.replace('%g', '%s'), g);
    }
  }

  /** print_bool(): text prints "true"/"false" through fmt (usually a fixed word) */
  bool(t: Where, key: string | null, fmt: string | null, value: boolean): void {
    this.boolAs(t, key, fmt, value, value ? 'true' : 'false');
  }

  /** print_on_off(): a bool in JSON, "on"/"off" in text */
  onOff(t: Where, key: string | null, fmt: string | null, value: boolean | number): void {
    this.boolAs(t, key, fmt, !!value, value ? 'on' : 'off');
  }

  private boolAs(t: Where, key: string | null, fmt: string | null, value: boolean, word: string): void {
    if (this.inJson(t)) {
      if (key !== null) this.jw!.name(key);
      this.jw!.bool(value);
    } else if (this.inText(t) && fmt !== null) {
      this.text += sprintf(fmt, word);
    }
  }

  /** print_hex(): JSON gets the "%x" text as a string */
  hex(t: Where, key: string | null, fmt: string | null, value: number): void {
    if (this.inJson(t)) {
      if (key !== null) this.jw!.name(key);
      this.jw!.string(sprintf('%x', value));
    } else if (this.inText(t) && fmt !== null) {
      this.text += sprintf(fmt, value);
    }
  }

  /** print_0xhex(): JSON gets the "%#llx" text as a string ("0x8001", or "0") */
  hex0x(t: Where, key: string, fmt: string | null, value: number | bigint): void {
    if (this.inJson(t)) this.jw!.name(key).string(sprintf('%#llx', value));
    else if (this.inText(t) && fmt !== null) this.text += sprintf(fmt, value);
  }

  /** print_null() */
  null(t: Where, key: string | null, fmt: string | null, value: string | null): void {
    if (this.inJson(t)) {
      if (key !== null) this.jw!.name(key);
      this.jw!.null();
    } else if (this.inText(t) && fmt !== null) {
      this.text += sprintf(fmt, value);
    }
  }

  openObject(key?: string): void {
    if (!this.jw) return;
    if (key !== undefined) this.jw.name(key);
    this.jw.startObject();
  }

  closeObject(): void {
    this.jw?.endObject();
  }

  /** open_json_array(): in text mode, `str` is printed instead ("<") */
  openArray(t: Where, str: string): void {
    if (this.inJson(t)) {
      this.jw!.name(str);
      this.jw!.startArray();
    } else if (this.inText(t)) {
      this.text += str;
    }
  }

  /** An array with no name (the top-level list of objects). */
  openAnonArray(): void {
    this.jw?.startArray();
  }

  /** close_json_array(): in text mode, `str` is printed instead ("> ") */
  closeArray(t: Where, str: string | null): void {
    if (this.inJson(t)) this.jw!.endArray();
    else if (this.inText(t) && str !== null) this.text += str;
  }

  /** Everything printed: the text, or the JSON with its final newline. */
  finish(): string {
    return this.jw ? this.jw.finish() : this.text;
  }
}
