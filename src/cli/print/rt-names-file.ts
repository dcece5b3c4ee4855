// Reading iproute2's name databases (/etc/iproute2/rt_protos, rt_scopes,
// rt_tables, rt_realms, rt_dsfield, and the *.conf files of rt_protos.d and
// rt_tables.d) as lib/rt_names.c does, for a CLI that wants this machine's
// names rather than the defaults in ./rt-names.ts. The one module of the
// printers that touches the file system.
//
// A line is "NUMBER NAME" (NUMBER decimal or 0x-hex), blank, or a comment
// after "#". A line of any other form ends the file's reading, as in ip.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RT_NAMES, type RtNames } from './rt-names.js';

/** The entries of one database file's text, in file order. */
export function parseRtNames(text: string, max = 255): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(0x[0-9a-fA-F]+|-?\d+)\s+(\S+)/.exec(line);
    if (!m) break;
    const id = m[1]!.startsWith('0x') ? parseInt(m[1]!.slice(2), 16) : Number(m[1]);
    if (id < 0 || id > max) continue;
    out.push([id, m[2]!]);
  }
  return out;
}

function readInto(into: Map<number, string>, file: string, max: number): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  for (const [id, name] of parseRtNames(text, max)) into.set(id, name);
}

function readDir(into: Map<number, string>, dir: string, max: number): void {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return;
  }
  for (const f of files) if (f.endsWith('.conf')) readInto(into, join(dir, f), max);
}

const loaded = new Map<string, RtNames>();

/**
 * The name tables of `confdir` over the defaults ip has built in. Read once
 * per process, as ip reads them: a -batch of 10,000 "route add ... table N"
 * lines would otherwise read five files and two directories per line (a
 * third of its run time, measured; bench/README.md).
 */
export function loadRtNames(confdir = '/etc/iproute2'): RtNames {
  let names = loaded.get(confdir);
  if (names === undefined) {
    names = readRtNames(confdir);
    loaded.set(confdir, names);
  }
  return names;
}

function readRtNames(confdir: string): RtNames {
  const load = (base: ReadonlyMap<number, string>, file: string, withDir: boolean, max = 255) => {
    const m = new Map(base);
    readInto(m, join(confdir, file), max);
    if (withDir) readDir(m, join(confdir, `${file}.d`), max);
    return m;
  };
  return {
    protos: load(DEFAULT_RT_NAMES.protos, 'rt_protos', true),
    scopes: load(DEFAULT_RT_NAMES.scopes, 'rt_scopes', false),
    tables: load(DEFAULT_RT_NAMES.tables, 'rt_tables', true, 0xffffffff),
    realms: load(DEFAULT_RT_NAMES.realms, 'rt_realms', false),
    dsfield: load(DEFAULT_RT_NAMES.dsfield, 'rt_dsfield', false),
  };
}
