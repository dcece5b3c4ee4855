// fnmatch(3) with no flags, as ip matches "label PATTERN": "*" and "?" match
// any character ("/" and a leading "." too), "[...]" a set ("[!...]" or
// "[^...]" its complement, ranges "a-z"), "\" quotes the next character.

/** True when `text` matches the glob `pattern` whole. */
export function fnmatch(pattern: string, text: string): boolean {
  return globRegExp(pattern).test(text);
}

function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < glob.length) re += escape(glob[++i]!);
    else if (c === '[') {
      const set = bracket(glob, i);
      if (set) {
        re += set.re;
        i = set.end;
      } else re += '\\[';
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A bracket expression starting at `start`; undefined when it does not close (then "[" is literal). */
function bracket(glob: string, start: number): { re: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (glob[i] === '!' || glob[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === ']' && !first) return { re: `[${negate ? '^' : ''}${body}]`, end: i };
    first = false;
    if (c === '-' && body !== '' && glob[i + 1] !== ']' && i + 1 < glob.length) body += '-';
    else body += c === '\\' && i + 1 < glob.length ? escape(glob[++i]!) : escape(c);
  }
  return undefined;
}
