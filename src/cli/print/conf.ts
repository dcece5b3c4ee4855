// The name tables ip reads from files before it prints (lib/rt_names.c and
// libc's getpwuid/getgrgid), read once by the CLI and handed to the pure
// printers as PrintOptions.names:
//
//   /etc/iproute2/group                     device groups     "0  default"
//   /etc/iproute2/rt_scopes                 address scopes    "253 link" (over the built-in names)
//   /etc/iproute2/protodown_reasons.d/*.conf  protodown reason bits
//   /etc/passwd, /etc/group                 a tun device's owner and group
//
// A missing file leaves its table as iproute2 would: empty, or the built-ins.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NameTables } from './context.js';
import { DEFAULT_SCOPES } from './names.js';

/**
 * fread_id_name(): "ID NAME" lines, ID decimal or 0x hex, '#' comments.
 * Later lines win, as in ip's tables. Returns an empty map when the file
 * cannot be read.
 */
export function parseIdNameFile(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(0x[0-9a-fA-F]+|-?\d+)\s+(\S+)/.exec(line);
    if (!m) break; // ip stops at a corrupt line ("Database ... is corrupted")
    const id = Number(m[1]);
    if (id >= 0) out.set(id, m[2]!);
  }
  return out;
}

/** "name:x:id:..." files (/etc/passwd, /etc/group): the first entry of an id wins, as getpwuid's does. */
export function parseColonFile(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || !/^\d+$/.test(f[2]!)) continue;
    const id = Number(f[2]);
    if (!out.has(id)) out.set(id, f[0]!);
  }
  return out;
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Read every table, as ip would on this machine. */
export function loadNameTables(confDir = '/etc/iproute2', etc = '/etc'): NameTables {
  const scopes = new Map(DEFAULT_SCOPES);
  for (const [id, name] of parseIdNameFile(read(join(confDir, 'rt_scopes')) ?? '')) if (id < 256) scopes.set(id, name);
  const reasons = new Map<number, string>();
  let files: string[] = [];
  try {
    files = readdirSync(join(confDir, 'protodown_reasons.d'));
  } catch {
    /* no such directory */
  }
  for (const f of files) {
    if (f.startsWith('.') || f.length <= 5 || !f.endsWith('.conf')) continue;
    for (const [id, name] of parseIdNameFile(read(join(confDir, 'protodown_reasons.d', f)) ?? '')) if (id < 32) reasons.set(id, name);
  }
  return {
    groups: parseIdNameFile(read(join(confDir, 'group')) ?? ''),
    scopes,
    users: parseColonFile(read(join(etc, 'passwd')) ?? ''),
    userGroups: parseColonFile(read(join(etc, 'group')) ?? ''),
    protodownReasons: reasons,
  };
}
