// Generates docs/api.md, the API reference, from src/index.ts and the doc
// comments of what it exports, with the TypeScript compiler API (no other
// tool: typescript is already a devDependency, and this runs offline).
//
//   npm run docs                      regenerate docs/api.md
//   tsx scripts/apidoc.ts --check     exit 1 when docs/api.md is not current
//
// Every operation (an exported function of src/ops) must name its command
// line equivalent: its doc comment opens with the `ip` (or ping, iptables,
// sysctl) command it does, or quotes it in backticks, or says "No `ip`
// equivalent" and why. Generation fails on an operation that does none of
// these; test/unit/apidoc.test.ts runs it.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const API_DOC = join(ROOT, 'docs/api.md');
const INDEX = join(ROOT, 'src/index.ts');

/** One exported name, as the reference shows it. */
export interface Entry {
  name: string;
  kind: 'function' | 'class' | 'interface' | 'type' | 'const' | 'namespace';
  file: string; // relative to the repository
  /** The command line equivalent (operations only); 'none' when the doc says there is none. */
  equivalent?: string;
  signature: string;
  doc: string;
  members?: { signature: string; doc: string }[];
}

const COMMAND = /^(ip|ping|iptables|sysctl)\b/;

/**
 * The command an operation's doc comment names: its first line when that is
 * a command (with indented continuation lines), else the first command quoted
 * in backticks, else 'none' when the doc says there is none.
 */
export function equivalentOf(doc: string): string | undefined {
  const synopsis = synopsisOf(doc);
  if (synopsis) return synopsis.command.join(' ');
  if (/No `(ip|iptables|ping|sysctl)` equivalent/.test(doc)) return 'none';
  const quoted = /`((?:ip|ping|iptables|sysctl) [^`]+)`/.exec(doc);
  if (quoted) return quoted[1];
  return undefined;
}

/**
 * A doc comment that opens with its command: the command's lines (the
 * first, and indented continuations), what the first line says after
 * ": ", and the rest of the doc.
 */
function synopsisOf(doc: string): { command: string[]; lines: string[]; said: string; rest: string } | undefined {
  const lines = doc.split('\n');
  const first = (lines[0] ?? '').replace(/^`([^`]+)`/, '$1');
  if (!COMMAND.test(first)) return undefined;
  // "ip netns attach NAME PID: name the ..." / "sysctl -n KEY (in a namespace: ...)" / "ip addr flush ...   (ip -4 / -6 for family)"
  const paren = /^(.*?)\s+(\(.*\))$/.exec(first);
  const head = paren ? paren[1]! : first;
  const colon = /^(.*?):\s+(.*)$/.exec(head);
  const command = [(colon ? colon[1]! : head).trim()];
  const said = [colon?.[2], paren?.[2]].filter(Boolean).join(' ');
  const shown = [command[0]!];
  let i = 1;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (!/^\s+\S/.test(l) || /^\s*\(/.test(l)) break;
    command.push(l.trim());
    shown.push(l);
  }
  return { command, lines: shown, said, rest: lines.slice(i).join('\n').replace(/^\n+/, '') };
}

/** The text of a declaration's own doc comment (the last one before it), margins removed. */
function docOf(node: ts.Node): string {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const last = docs?.[docs.length - 1];
  if (!last) return '';
  const raw = node.getSourceFile().text.slice(last.getStart(), last.end);
  const lines = raw
    .replace(/^\/\*\*\s?/, '')
    .replace(/\s*\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').replace(/\s+$/, ''));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** A declaration's source text without its body (functions, methods). */
function headOf(node: ts.Node): string {
  const sf = node.getSourceFile();
  const body = (node as { body?: ts.Node }).body;
  const end = body ? body.getStart() : node.end;
  return sf.text
    .slice(node.getStart(), end)
    .replace(/^export\s+(default\s+)?/, '')
    .replace(/\s+$/, '')
    .replace(/;$/, '');
}

/** A declaration's full source text, its members' doc comments included (interfaces, type aliases). */
function textOf(node: ts.Node): string {
  return node.getSourceFile().text.slice(node.getStart(), node.end).replace(/^export\s+/, '');
}

function classMembers(checker: ts.TypeChecker, node: ts.ClassDeclaration): { signature: string; doc: string }[] {
  const out: { signature: string; doc: string }[] = [];
  for (const m of node.members) {
    const mods = ts.getCombinedModifierFlags(m as ts.Declaration);
    if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
    if (m.name && ts.isPrivateIdentifier(m.name)) continue;
    if (!(ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) || ts.isPropertyDeclaration(m) || ts.isGetAccessor(m))) continue;
    const doc = docOf(m);
    if (m.name && /^_/.test(m.name.getText())) continue;
    const sig = ts.isPropertyDeclaration(m)
      ? `${m.getText().replace(/^\/\*\*[\s\S]*?\*\/\s*/, '').replace(/\s*=[\s\S]*$/, '').replace(/;$/, '')}${m.type ? '' : `: ${checker.typeToString(checker.getTypeAtLocation(m))}`}`
      : headOf(m);
    out.push({ signature: sig.replace(/\n\s*/g, ' '), doc });
  }
  return out;
}

function entryOf(checker: ts.TypeChecker, name: string, target: ts.Symbol): Entry | undefined {
  const decl = target.declarations?.[0];
  if (!decl) return undefined;
  const file = relative(ROOT, decl.getSourceFile().fileName);
  if (ts.isSourceFile(decl)) {
    const names = checker.getExportsOfModule(target).map((s) => s.name).sort();
    return { name, kind: 'namespace', file, signature: `namespace ${name}`, doc: names.join(', ') };
  }
  if (ts.isFunctionDeclaration(decl)) {
    // overloads: every signature, the doc of the first
    const heads = (target.declarations ?? []).filter(ts.isFunctionDeclaration).filter((d) => !d.body || target.declarations!.length === 1);
    const sigs = (heads.length ? heads : [decl]).map(headOf);
    return { name, kind: 'function', file, signature: sigs.join('\n'), doc: docOf(decl) };
  }
  if (ts.isClassDeclaration(decl)) {
    return { name, kind: 'class', file, signature: `class ${name}${decl.heritageClauses ? ` ${decl.heritageClauses.map((h) => h.getText()).join(' ')}` : ''}`, doc: docOf(decl), members: classMembers(checker, decl) };
  }
  if (ts.isInterfaceDeclaration(decl)) return { name, kind: 'interface', file, signature: textOf(decl), doc: docOf(decl) };
  if (ts.isTypeAliasDeclaration(decl)) return { name, kind: 'type', file, signature: textOf(decl), doc: docOf(decl) };
  if (ts.isVariableDeclaration(decl)) {
    const stmt = decl.parent.parent;
    const type = decl.type?.getText()
      ?? checker.typeToString(checker.getTypeOfSymbolAtLocation(target, decl), undefined, ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType);
    const short = type.length > 160 ? `${type.slice(0, 157)}...` : type;
    return { name, kind: 'const', file, signature: `const ${name}: ${short}`, doc: docOf(stmt) || docOf(decl) };
  }
  return undefined;
}

/** Every name src/index.ts exports, in the order it exports them. */
export function collect(): Entry[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram([INDEX], { ...(config?.options ?? {}), noEmit: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(INDEX);
  if (!index) throw new Error(`cannot read ${INDEX}`);
  const entries: Entry[] = [];
  for (const stmt of index.statements) {
    if (!ts.isExportDeclaration(stmt)) continue;
    const clause = stmt.exportClause;
    if (clause && ts.isNamespaceExport(clause)) {
      const sym = checker.getSymbolAtLocation(stmt.moduleSpecifier!);
      const e = sym && entryOf(checker, clause.name.text, sym);
      if (e) entries.push(e);
      continue;
    }
    if (!clause || !ts.isNamedExports(clause)) continue;
    for (const spec of clause.elements) {
      const local = checker.getExportSpecifierLocalTargetSymbol(spec);
      if (!local) continue;
      const target = local.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(local) : local;
      const e = entryOf(checker, spec.name.text, target);
      if (!e) continue;
      if (e.kind === 'function' && e.file.startsWith('src/ops/')) e.equivalent = equivalentOf(e.doc);
      entries.push(e);
    }
  }
  return entries;
}

/* ---------------------------------------------------------------- markdown */

const anchor = (name: string) => name.toLowerCase().replace(/[^a-z0-9_-]/g, '');

/** Doc text as markdown: indented lines and synopses become code blocks; < and > outside code are escaped. */
function docMarkdown(doc: string): string {
  const out: string[] = [];
  const blocks = doc.split(/\n{2,}/);
  for (const b of blocks) {
    const lines = b.split('\n');
    const code = lines.every((l) => /^\s{2,}\S/.test(l) || l === '') || COMMAND.test(lines[0] ?? '') || /^e\.g\. /.test(lines[0] ?? '');
    if (code) {
      const indent = Math.min(...lines.filter(Boolean).map((l) => /^\s*/.exec(l)![0].length));
      out.push(`\`\`\`text\n${lines.map((l) => l.slice(indent)).join('\n')}\n\`\`\``);
    } else {
      // a paragraph, with its own indented lines (examples) kept as code
      let para: string[] = [];
      let codeLines: string[] = [];
      const flushPara = () => {
        if (para.length) out.push(para.map(escapeProse).join('\n'));
        para = [];
      };
      const flushCode = () => {
        if (codeLines.length) {
          const indent = Math.min(...codeLines.map((l) => /^\s*/.exec(l)![0].length));
          out.push(`\`\`\`text\n${codeLines.map((l) => l.slice(indent)).join('\n')}\n\`\`\``);
        }
        codeLines = [];
      };
      for (const l of lines) {
        if (/^\s{2,}\S/.test(l) && !/^\s*[-*] /.test(l) && !(para.length && /^\s{2,4}\S/.test(l) && /^\s*[-*] /.test(para[0] ?? ''))) {
          flushPara();
          codeLines.push(l);
        } else {
          flushCode();
          para.push(l);
        }
      }
      flushPara();
      flushCode();
    }
  }
  return out.join('\n\n');
}

/** Escape what markdown would eat (HTML-like <linux/if.h>, emphasis stars) outside `code`. */
function escapeProse(line: string): string {
  return line
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '\\*')))
    .join('');
}

function fileTitle(file: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const first = /^\/\/ (.*)$/m.exec(text)?.[1] ?? '';
  // the first sentence of the file's opening comment
  const lines: string[] = [];
  for (const l of text.split('\n')) {
    if (!l.startsWith('//')) break;
    const t = l.replace(/^\/\/ ?/, '');
    if (t === '') break;
    lines.push(t);
  }
  const para = lines.join(' ') || first;
  const sentence = /^(.*?\.)(\s|$)/.exec(para)?.[1] ?? para;
  return sentence.length > 240 ? `${sentence.slice(0, 237)}...` : sentence;
}

export function render(entries: Entry[]): string {
  const missing = entries.filter((e) => e.kind === 'function' && e.file.startsWith('src/ops/') && !e.equivalent);
  if (missing.length) {
    throw new Error(`operations without an ip equivalent in their doc comment: ${missing.map((e) => `${e.name} (${e.file})`).join(', ')}`);
  }
  const out: string[] = [];
  const p = (s = '') => out.push(s);
  p('# tsip API reference');
  p();
  p('<!-- Generated by scripts/apidoc.ts from src/index.ts and the doc comments of what it exports;');
  p('     do not edit by hand. npm run docs regenerates it; test/unit/apidoc.test.ts fails when it is not current. -->');
  p();
  p("Everything `import { ... } from 'tsip'` gives, in the order `src/index.ts` exports it, with");
  p('the doc comments of the source. Two layers:');
  p();
  p('- **Operations** (`src/ops`): one request each (or one pipeline), named after what they do, each');
  p('  with the command it does. Every one takes `{ netns }` (a name under `/run/netns`, a path,');
  p('  `{ pid }` or `{ fd }`) or `{ socket }` (an open socket to reuse) in its options.');
  p('- **The wire** (`src/netlink`): sockets, the codec and the kernel\'s tables, in the kernel\'s');
  p('  own names, for what the operations do not cover. `docs/netlink-walkthrough.md` shows the');
  p('  messages the operations send.');
  p();
  p('## Operations and their command line equivalents');
  p();
  p('| operation | does what this command does |');
  p('|---|---|');
  for (const e of entries.filter((x) => x.equivalent)) {
    const eq = e.equivalent === 'none' ? '(no command: see the entry)' : `\`${e.equivalent!.replace(/\|/g, '\\|')}\``;
    p(`| [${e.name}](#${anchor(e.name)}) | ${eq} |`);
  }
  p();
  // grouped by file, files in the order index.ts first exports from them
  const firstSeen = new Map<string, number>();
  entries.forEach((e, i) => firstSeen.has(e.file) || firstSeen.set(e.file, i));
  const grouped = entries.map((e, i) => ({ e, i })).sort((a, b) => firstSeen.get(a.e.file)! - firstSeen.get(b.e.file)! || a.i - b.i).map((x) => x.e);
  let section = '';
  let file = '';
  for (const e of grouped) {
    const sec = e.file.startsWith('src/ops/') ? 'Operations' : 'The wire';
    if (sec !== section) {
      section = sec;
      file = '';
      p(`## ${sec}`);
      p();
    }
    if (e.file !== file) {
      file = e.file;
      p(`### \`${file}\``);
      p();
      p(escapeProse(fileTitle(file)));
      p();
    }
    p(`#### ${e.name}`);
    p();
    if (e.kind === 'namespace') {
      p(`\`import { ${e.name} } from 'tsip'\`: the constants of \`${e.file}\`, in the kernel's names:`);
      p();
      p(e.doc.split(', ').map((n) => `\`${n}\``).join(', '));
      p();
      continue;
    }
    const typeLike = e.kind === 'interface' || e.kind === 'type';
    if (typeLike && e.doc) {
      p(docMarkdown(e.doc));
      p();
    }
    p('```ts');
    p(e.signature);
    p('```');
    p();
    const syn = e.kind === 'function' ? synopsisOf(e.doc) : undefined;
    if (syn) {
      // the command as a code block, then the doc without it
      p(`\`\`\`text\n${syn.lines.join('\n')}\n\`\`\``);
      p();
      const rest = [syn.said && `${syn.said[0]!.toUpperCase()}${syn.said.slice(1)}`, syn.rest].filter(Boolean).join('\n\n');
      if (rest) {
        p(docMarkdown(rest));
        p();
      }
    } else if (e.doc && !typeLike) {
      p(docMarkdown(e.doc));
      p();
    }
    for (const m of e.members ?? []) {
      p(`- \`${m.signature}\``);
      if (m.doc) p(`  ${docMarkdown(m.doc).split('\n').join('\n  ')}`);
    }
    if (e.members?.length) p();
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

export function generateApiDoc(): string {
  return render(collect());
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const doc = generateApiDoc();
  if (process.argv.includes('--check')) {
    const current = existsSync(API_DOC) ? readFileSync(API_DOC, 'utf8') : '';
    if (current !== doc) {
      process.stderr.write(`${API_DOC} is not current: run npm run docs\n`);
      process.exitCode = 1;
    }
  } else if (process.argv.includes('--stdout')) {
    process.stdout.write(doc);
  } else {
    writeFileSync(API_DOC, doc);
    process.stderr.write(`wrote ${relative(process.cwd(), API_DOC) || API_DOC} (${dirname(API_DOC)})\n`);
  }
}
