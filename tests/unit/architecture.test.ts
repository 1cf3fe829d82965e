// The shape of src/, checked from its own source: the folders import only downwards through the pipeline, and no
// function grows past what a reader takes in at once.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FORMATS, type Format } from '../../src/config/schema.js';
import { REPO } from '../helpers.js';

const SRC = path.join(REPO, 'src');

/**
 * The layers, lowest first: a module may import its own folder and any lower layer, never a higher one or a sibling.
 * The pipeline reads bottom up: config, articles, the checks and the shared rendering, the machinery (browser, cache,
 * writer, report, threads), the formats, the build, the commands.
 */
const LAYERS: string[][] = [
  ['errors.ts', 'version.ts'],
  ['config'],
  ['articles'],
  ['check', 'render'],
  ['machinery'],
  ['formats'],
  ['build.ts'],
  ['commands'],
  ['cli.ts', 'index.ts'],
];

/** The layer part of a path under src/: its folder, or the file itself at the top. */
const partOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0] ?? '';
const layerOf = (part: string): number => LAYERS.findIndex((layer) => layer.includes(part));

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** Every relative import (static or dynamic) of a file, as absolute paths of .ts files. */
function importsOf(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const specifier =
      ts.isImportDeclaration(node) || ts.isExportDeclaration(node)
        ? node.moduleSpecifier
        : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
          ? node.arguments[0]
          : undefined;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      found.push(path.resolve(path.dirname(source.fileName), specifier.text.replace(/\.js$/, '.ts')));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the source tree', () => {
  const files = sourceFiles();

  it('puts every file in a layer', () => {
    expect(files.map(partOf).filter((part) => layerOf(part) < 0)).toEqual([]);
  });

  it('imports only from its own folder or a lower layer: no cycle between folders', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = partOf(file);
      for (const target of importsOf(parse(file))) {
        const to = partOf(target);
        if (to === from || !target.startsWith(SRC)) continue;
        if (layerOf(to) >= layerOf(from)) upward.push(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no function longer than 80 lines', () => {
    const long: string[] = [];
    for (const file of files) {
      const source = parse(file);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
          const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (end - start + 1 > 80) long.push(`${path.relative(SRC, file)}:${start + 1} (${end - start + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });

  it('keeps the build free of the newsletter and of nodemailer', () => {
    const reached = new Set<string>();
    const walk = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      const source = parse(file);
      expect(source.text, path.relative(SRC, file)).not.toMatch(/from 'nodemailer/);
      importsOf(source).forEach(walk);
    };
    walk(path.join(SRC, 'build.ts'));
    expect([...reached].filter((file) => file.includes(`${path.sep}newsletter${path.sep}`))).toEqual([]);
  });

  it("names a format as a string only in that format's own folder (and in the list of formats)", () => {
    // The list of formats is the config schema's; the tool's own name happens to be one of them.
    const allowed = new Set([path.join(SRC, 'config', 'schema.ts'), path.join(SRC, 'version.ts')]);
    const named: string[] = [];
    for (const file of files) {
      if (allowed.has(file)) continue;
      const visit = (node: ts.Node): void => {
        if (
          (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
          FORMATS.includes(node.text as Format)
        ) {
          const own = path.join(SRC, 'formats', node.text) + path.sep;
          if (!file.startsWith(own)) {
            const line = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
            named.push(`${path.relative(SRC, file)}:${line} '${node.text}'`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(parse(file));
    }
    expect(named).toEqual([]);
  });

  it('is described by docs/architecture.md: its table of layers, and its tree of folders', () => {
    const doc = readFileSync(path.join(REPO, 'docs', 'architecture.md'), 'utf8');
    // The table: a row per layer, its parts in backticks.
    const rows = [...doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((match) => ({
      layer: Number(match[1]),
      parts: [...(match[2] ?? '').matchAll(/`([^`]+)`/g)].map((part) => (part[1] ?? '').replace(/\/$/, '')),
    }));
    expect(rows.map((row) => row.layer)).toEqual(LAYERS.map((_, index) => index));
    expect(rows.map((row) => row.parts)).toEqual(LAYERS);
    // The tree: every folder of src/, at its depth, and no other.
    const tree = /### The folders\n\n```\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const drawn: string[] = [];
    const open: string[] = [];
    for (const line of tree.split('\n')) {
      const match = /^( *)([\w-]+)\/(?:\s|$)/.exec(line);
      if (!match) continue;
      const depth = (match[1]?.length ?? 0) / 2;
      open.length = depth;
      open.push(match[2] ?? '');
      if (depth > 0) drawn.push(open.slice(1).join('/'));
    }
    const folders = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .flatMap((entry) => {
          const folder = path.join(dir, entry.name);
          return [path.relative(SRC, folder).split(path.sep).join('/'), ...folders(folder)];
        });
    expect(drawn.sort()).toEqual(folders(SRC).sort());
  });
});
