// Comparing a printer's output with iproute2's: text line by line, JSON
// deep-equal and byte for byte. Values that change while the two dumps are
// taken a few milliseconds apart are normalised first (each caller says
// which).

import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';

export type Normalise = (s: string) => string;
export const same: Normalise = (s) => s;

/** IPv6 route lifetimes count down each second: "expires 299sec", "expires":297. */
export const expiresNormalised: Normalise = (s) =>
  s.replace(/expires -?\d+sec/g, 'expires Nsec').replace(/"expires": ?-?\d+/g, '"expires":0');

/** Run ip with `args`; stdout. */
export function ipOut(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Our output against ip's: JSON (when it parses) deep-equal and exact, text exact line by line. */
export function expectSameOutput(ours: string, theirs: string, json: boolean, norm: Normalise = same, what = ''): void {
  const o = norm(ours);
  const t = norm(theirs);
  if (json) {
    expect(JSON.parse(o), what).toEqual(JSON.parse(t));
    expect(o, what).toBe(t);
  } else {
    expect(o.split('\n'), what).toEqual(t.split('\n'));
  }
}

/**
 * For state the kernel may change between two dumps (neighbour states time
 * out, counters tick): ours must equal ip's output taken just before or just
 * after it.
 */
export function expectSameAsEither(ours: string, before: string, after: string, json: boolean, norm: Normalise = same, what = ''): void {
  const o = norm(ours);
  if (o === norm(before) || o === norm(after)) return;
  expectSameOutput(ours, before, json, norm, what);
}
