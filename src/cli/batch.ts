// -batch FILE: one command a line, read and run as ip does (ip/ip.c batch(),
// lib/utils.c getcmdline() and makeargs()):
//
// - lines are read one by one, and each runs before the next is read: a
//   line that cannot be split ("Unterminated quoted string") ends the batch
//   with status 1 after the lines before it have run;
// - "#" starts a comment anywhere on a line, quotes included;
// - a line ending in "\" continues on the next, and "Command failed FILE:N"
//   names the last line the command spans; a "\" on the last line is
//   "Missing continuation line", and the batch ends there;
// - words are separated by space, tab, CR and LF only; a quote opens a
//   quoted word only at the start of a word, and the word ends at the
//   closing quote (`"lo"x` is two words); text stops at a NUL byte;
// - a failing line prints "Command failed FILE:N"; ip stops there unless
//   -force, and exits 1 if any line failed. A usage error (ip's exit(-1):
//   invarg, duparg...) ends the batch at once, with status 255 and no
//   "Command failed" line: see main.ts.

import { readFileSync } from 'node:fs';
import { CliError } from './args.js';

/** One command of a batch file, and the line number ip reports for it. */
export interface BatchCommand {
  line: number;
  argv: string[];
}

/** What ends a batch early without a failure of its own. */
export interface BatchEnd {
  line: number;
  end: string;
}

/** ip's whitespace for makeargs(): not \v or \f. */
const WS = ' \t\r\n';

/**
 * The commands of a batch file, one at a time, as ip's getcmdline() and
 * makeargs() produce them. Throws CliError (status 1) at a line that does
 * not split: only when that line is reached.
 */
export function* batchCommands(text: string): Generator<BatchCommand | BatchEnd> {
  // getline(): every "\n"-terminated line, and a last one without it
  const lines = text.split('\n').map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
  if (lines[lines.length - 1] === '') lines.pop();
  const uncomment = (l: string) => {
    const hash = l.indexOf('#');
    return hash < 0 ? l : l.slice(0, hash);
  };
  for (let i = 0; i < lines.length; i++) {
    let line = uncomment(lines[i]!);
    while (line.includes('\\\n')) {
      if (i + 1 >= lines.length) {
        yield { line: i + 1, end: 'Missing continuation line' };
        return;
      }
      line = line.slice(0, line.indexOf('\\\n')) + uncomment(lines[++i]!);
    }
    const argv = makeargs(line);
    if (argv.length) yield { line: i + 1, argv };
  }
}

/** Every command of a batch file, split up front (for tools and tests; a batch runs from batchCommands()). */
export function parseBatch(text: string): BatchCommand[] {
  const out: BatchCommand[] = [];
  for (const c of batchCommands(text)) {
    if ('end' in c) break;
    out.push(c);
  }
  return out;
}

/** Split one command line into words as ip's makeargs() does ("#" also ends it, as getcmdline() cuts it). */
export function makeargs(line: string): string[] {
  const nul = line.indexOf('\0');
  const hash = line.indexOf('#');
  const stop = Math.min(nul < 0 ? line.length : nul, hash < 0 ? line.length : hash);
  const s = line.slice(0, stop);
  const words: string[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && WS.includes(s[i]!)) i++;
    if (i >= s.length) break;
    const c = s[i]!;
    if (c === '"' || c === "'") {
      const close = s.indexOf(c, i + 1);
      if (close < 0) throw new CliError('Unterminated quoted string', 1);
      words.push(s.slice(i + 1, close));
      i = close + 1;
    } else {
      let j = i;
      while (j < s.length && !WS.includes(s[j]!)) j++;
      words.push(s.slice(i, j));
      i = j + 1;
    }
  }
  return words;
}

/**
 * Read a batch file ("-" for stdin) as ip does, with its error wording and
 * status (1). A directory reads as nothing, as ip's getline() on one does.
 */
export function readBatchFile(name: string): string {
  try {
    return readFileSync(name === '-' ? 0 : name, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EISDIR') return '';
    const why = err.code === 'ENOENT' ? 'No such file or directory' : err.code === 'EACCES' ? 'Permission denied' : err.message;
    throw new CliError(`Cannot open file "${name}" for reading: ${why}`, 1);
  }
}
