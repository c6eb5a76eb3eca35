/* global process */
// The public API, read from the built declarations (dist/*.d.ts) with the TypeScript compiler: writes
// the API report (api/kms-srv.api.md: every exported name, its kind and its declaration, then the types
// those declarations reach that no entry exports) and the
// reference page (docs/api.md: the same names with their TSDoc), or, with --check, fails when the
// checked-in report no longer matches the build. Groups come from the `// @group Title: text` lines of
// src/index.ts and src/testing.ts, so the entry files are the one list of what is public.
//
//   node scripts/api-report.mjs            write both files (after npm run build)
//   node scripts/api-report.mjs --check    exit 1 when they differ from the build, or a name lacks TSDoc
//   --dist DIR                             read the declarations from DIR instead of dist/
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = 'api/kms-srv.api.md';
const PAGE = 'docs/api.md';
const ENTRIES = [
  { specifier: 'kms-srv', source: 'src/index.ts', declarations: 'index.d.ts' },
  { specifier: 'kms-srv/testing', source: 'src/testing.ts', declarations: 'testing.d.ts' },
];
const UPDATE_HINT = 'If the change is deliberate, run `npm run build && npm run api` and commit api/kms-srv.api.md and docs/api.md with it.';

function parseArgs(argv) {
  const args = { check: false, dist: join(REPO, 'dist') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') args.check = true;
    else if (argv[i] === '--dist' && argv[i + 1]) args.dist = resolve(argv[++i]);
    else throw new Error(`api-report: unknown argument ${argv[i]}`);
  }
  return args;
}

/** The groups of an entry file, each with the exported names in the order they are written. */
function groupsOf(sourceFile) {
  const text = readFileSync(join(REPO, sourceFile), 'utf8');
  const source = ts.createSourceFile(sourceFile, text, ts.ScriptTarget.ES2022, true);
  const groups = [];
  for (const statement of source.statements) {
    const comments = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
    for (const range of comments) {
      const match = /^\/\/ @group ([^:]+): (.+)$/.exec(text.slice(range.pos, range.end));
      if (match) groups.push({ title: match[1].trim(), text: match[2].trim(), names: [] });
    }
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    if (groups.length === 0) throw new Error(`api-report: ${sourceFile}: an export before the first "// @group" line`);
    for (const element of statement.exportClause.elements) groups[groups.length - 1].names.push(element.name.text);
  }
  return groups;
}

const KINDS = new Map([
  [ts.SyntaxKind.FunctionDeclaration, 'function'],
  [ts.SyntaxKind.ClassDeclaration, 'class'],
  [ts.SyntaxKind.InterfaceDeclaration, 'interface'],
  [ts.SyntaxKind.TypeAliasDeclaration, 'type'],
  [ts.SyntaxKind.VariableDeclaration, 'const'],
  [ts.SyntaxKind.EnumDeclaration, 'enum'],
]);

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** A declaration as the package's users see it: comments and `export declare` removed. */
function declarationText(declaration) {
  const file = declaration.getSourceFile();
  if (ts.isVariableDeclaration(declaration)) return `const ${printer.printNode(ts.EmitHint.Unspecified, declaration, file)};`;
  return printer
    .printNode(ts.EmitHint.Unspecified, declaration, file)
    .replace(/^export (default )?(declare )?/, '')
    .replace(/^declare /, '');
}

function tagText(tag) {
  const text = ts.displayPartsToString(tag.text ?? []).trim();
  return text === '' ? `@${tag.name}` : `@${tag.name} ${text}`;
}

/** Every exported name of one entry: kind, declarations, TSDoc. */
function readEntry(checker, program, entry, dist) {
  const file = program.getSourceFile(join(dist, entry.declarations));
  if (!file) throw new Error(`api-report: ${join(dist, entry.declarations)} is missing; run npm run build first`);
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const names = new Map();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = (symbol.declarations ?? []).filter((d) => KINDS.has(d.kind));
    const kind = KINDS.get(declarations[0]?.kind) ?? 'unknown';
    const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const tags = symbol.getJsDocTags(checker).map(tagText);
    names.set(exported.name, { name: exported.name, symbol, kind, text: declarations.map(declarationText).join('\n'), summary, tags });
  }
  return names;
}

/**
 * Types the public declarations name, directly or through each other, that no entry exports (API
 * Extractor's "forgotten exports"): users meet their shape without being able to import them, so the
 * report lists them too and a change to one fails the check like any other.
 */
function reachableTypes(checker, exportedSymbols, dist) {
  const seen = new Set(exportedSymbols);
  const found = [];
  const queue = [...exportedSymbols];
  const follow = (node) => {
    let target;
    if (ts.isTypeReferenceNode(node)) target = node.typeName;
    else if (ts.isExpressionWithTypeArguments(node)) target = node.expression;
    else if (ts.isTypeQueryNode(node)) target = node.exprName;
    if (target) {
      let symbol = checker.getSymbolAtLocation(target);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.find((d) => KINDS.has(d.kind));
      if (symbol && declaration && declaration.getSourceFile().fileName.startsWith(`${dist}/`) && !seen.has(symbol)) {
        seen.add(symbol);
        found.push(symbol);
        queue.push(symbol);
      }
    }
    ts.forEachChild(node, follow);
  };
  while (queue.length > 0) for (const declaration of queue.shift().declarations ?? []) follow(declaration);
  return found
    .map((symbol) => {
      const declarations = symbol.declarations.filter((d) => KINDS.has(d.kind));
      const file = declarations[0].getSourceFile().fileName.slice(dist.length + 1);
      return { name: symbol.name, file, kind: KINDS.get(declarations[0].kind), text: declarations.map(declarationText).join('\n') };
    })
    .sort((a, b) => (a.name === b.name ? (a.file < b.file ? -1 : 1) : a.name < b.name ? -1 : 1));
}

/** Both generated files, and the problems that must stop the build whatever the files say. */
export function generate(dist) {
  const program = ts.createProgram(
    ENTRIES.map((e) => join(dist, e.declarations)),
    { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, types: ['node'], skipLibCheck: true },
  );
  const checker = program.getTypeChecker();
  const problems = [];
  const report = [
    '# API report for "kms-srv"',
    '',
    '<!-- Generated by scripts/api-report.mjs from dist/*.d.ts; do not edit. A test compares it with the build:',
    `     ${UPDATE_HINT} -->`,
    '',
  ];
  const page = [
    '# Library API',
    '',
    '<!-- Generated by scripts/api-report.mjs from the TSDoc in dist/*.d.ts; do not edit (npm run api). -->',
    '',
    'kms-srv is a command-line tool first; the same code is an ES module library for Node 20 or later, with',
    'types. This page lists every public name. Anything else in the package is internal and may change',
    'without notice. The lab tools (a DNS responder that misbehaves on purpose, a KMS host stand-in, the',
    'fuzzers) are a separate entry, `kms-srv/testing`.',
    '',
    '```ts',
    "import { Resolver, orderRecords, seededRng } from 'kms-srv';",
    "import { startResponder } from 'kms-srv/testing';",
    '```',
    '',
  ];
  const exportedSymbols = [];
  for (const entry of ENTRIES) {
    const names = readEntry(checker, program, entry, dist);
    for (const api of names.values()) exportedSymbols.push(api.symbol);
    const groups = groupsOf(entry.source);
    const grouped = new Set(groups.flatMap((g) => g.names));
    for (const name of names.keys()) if (!grouped.has(name)) problems.push(`${entry.specifier}: ${name} is exported but under no "// @group" of ${entry.source}`);
    report.push(`## ${entry.specifier}`, '');
    page.push(`## \`${entry.specifier}\``, '');
    for (const group of groups) {
      report.push(`### ${group.title}`, '', '```ts');
      page.push(`### ${group.title}`, '', `${group.text[0].toUpperCase()}${group.text.slice(1)}.`, '');
      page.push(group.names.map((n) => `[\`${n}\`](#${anchor(entry, n)})`).join(' · '), '');
      for (const name of group.names) {
        const api = names.get(name);
        if (!api) {
          problems.push(`${entry.specifier}: ${name} is listed in ${entry.source} but not in the built declarations`);
          continue;
        }
        if (api.summary === '') problems.push(`${entry.specifier}: ${name} (${api.kind}) has no TSDoc summary; write a /** … */ comment on its declaration`);
        report.push(`// ${name}: ${api.kind}`, api.text, '');
        page.push(`<a id="${anchor(entry, name)}"></a>`, `#### \`${name}\` (${api.kind})`, '', api.summary || '(undocumented)', '');
        if (api.tags.length > 0) page.push(...api.tags.map((t) => `- ${t.replace(/\n/g, ' ')}`), '');
        // The page leaves out private class members (the report keeps them: they change the class's shape).
        page.push('```ts', api.text.split('\n').filter((l) => !/^\s+private /.test(l)).join('\n'), '```', '');
      }
      if (report[report.length - 1] === '') report.pop();
      report.push('```', '');
    }
  }
  const reachable = reachableTypes(checker, exportedSymbols, dist);
  report.push(
    '## Types reachable from the API, not exported by name',
    '',
    'Public declarations name these; users meet their shape but cannot import them. Export one deliberately when users need to name it.',
    '',
    '```ts',
    ...reachable.flatMap((t) => [`// ${t.name} (${t.file}): ${t.kind}`, t.text, '']),
  );
  if (report[report.length - 1] === '') report.pop();
  report.push('```', '');
  return { report: `${report.join('\n').trimEnd()}\n`, page: `${page.join('\n').trimEnd()}\n`, problems };
}

function anchor(entry, name) {
  return `${entry.specifier === 'kms-srv' ? '' : 'testing-'}${name.toLowerCase()}`;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const { report, page, problems } = generate(args.dist);
  if (problems.length > 0) {
    process.stderr.write(`api-report: the public API has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  const files = [
    [REPORT, report],
    [PAGE, page],
  ];
  if (!args.check) {
    for (const [file, text] of files) {
      mkdirSync(dirname(join(REPO, file)), { recursive: true });
      writeFileSync(join(REPO, file), text);
    }
    return;
  }
  const stale = files.filter(([file, text]) => !existsSync(join(REPO, file)) || readFileSync(join(REPO, file), 'utf8') !== text);
  if (stale.length === 0) return;
  const diff = diffLines(existsSync(join(REPO, REPORT)) ? readFileSync(join(REPO, REPORT), 'utf8') : '', report);
  process.stderr.write(
    `api-report: the public API differs from the checked-in ${stale.map(([f]) => f).join(' and ')}.\n` +
      (diff.length > 0 ? `Changed in the report (- checked in, + built):\n${diff.join('\n')}\n` : '') +
      `${UPDATE_HINT}\nAn export you did not mean to make public belongs out of src/index.ts / src/testing.ts.\n`,
  );
  process.exit(1);
}

/** The lines only one side has (enough to name what changed; not a full diff). */
function diffLines(before, after) {
  const old = new Set(before.split('\n'));
  const now = new Set(after.split('\n'));
  const removed = [...old].filter((l) => l.trim() !== '' && !now.has(l)).map((l) => `- ${l}`);
  const added = [...now].filter((l) => l.trim() !== '' && !old.has(l)).map((l) => `+ ${l}`);
  return [...removed, ...added].slice(0, 40);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
