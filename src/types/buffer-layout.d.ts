// Type declarations for buffer-layout 1.2 (it ships none). Only the parts
// tsip uses: scalar layouts, blobs, sequences and structures.
declare module 'buffer-layout' {
  export class Layout<T = unknown> {
    constructor(span: number, property?: string);
    span: number;
    property?: string;
    decode(b: Buffer, offset?: number): T;
    encode(src: T, b: Buffer, offset?: number): number;
    getSpan(b?: Buffer, offset?: number): number;
  }
  export class UInt extends Layout<number> {}
  export class UIntBE extends Layout<number> {}
  export class Int extends Layout<number> {}
  export class IntBE extends Layout<number> {}
  export class Blob extends Layout<Buffer> { length: number }
  export class Sequence<T> extends Layout<T[]> { elementLayout: Layout<T>; count: number }
  export class Structure<T = Record<string, unknown>> extends Layout<T> {
    fields: Layout[];
  }
  export function u8(property?: string): UInt;
  export function u16(property?: string): UInt;
  export function u32(property?: string): UInt;
  export function s8(property?: string): Int;
  export function s16(property?: string): Int;
  export function s32(property?: string): Int;
  export function u16be(property?: string): UIntBE;
  export function u32be(property?: string): UIntBE;
  export function blob(length: number, property?: string): Blob;
  export function seq<T>(elementLayout: Layout<T>, count: number, property?: string): Sequence<T>;
  export function struct<T = Record<string, unknown>>(fields: Layout[], property?: string): Structure<T>;
}
