// -batch FILE: one command a line, as ip runs them (lib/utils.c getcmdline
// and makeargs): "#" starts a comment, a trailing "\" joins the next line,
// quotes group words. A failing line prints "Command failed FILE:N"; ip
// stops there unless -force, and exits 1 if any line failed.

import { readFileSync } from 'node:fs';
import { CliError } from './args.js';

/** The lines of a batch file as argument vectors, with their line numbers. */
export function parseBatch(text: string): Array<{ line: number; argv: string[] }> {
  const out: Array<{ line: number; argv: string[] }> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!;
    const argv = makeargs(line);
    if (argv.length) out.push({ line: first, argv });
  }
  return out;
}

/** Split a command line into words: whitespace separates, quotes group, "#" ends the line. */
export function makeargs(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
      continue;
    }
    if (ch === '#') break;
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    cur += ch;
    inWord = true;
  }
  if (quote) throw new CliError(`Unterminated quoted string`);
  if (inWord) words.push(cur);
  return words;
}

/** Read a batch file ("-" for stdin) as ip does, with its error wording. */
export function readBatchFile(name: string): string {
  try {
    return readFileSync(name === '-' ? 0 : name, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'No such file or directory' : err.code === 'EACCES' ? 'Permission denied' : err.message;
    throw new CliError(`Cannot open file "${name}" for reading: ${why}`);
  }
}
