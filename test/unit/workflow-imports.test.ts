// What the workflow bundle loads: every module reachable by run-time imports
// from workflows/index.ts. Workflow code runs in Temporal's sandbox and is
// loaded once per cached workflow, so it may reach only domain/, its own files
// and the Temporal workflow packages (no Node built-ins, no zod); the rule
// modules in workflows/term/ reach nothing but domain/ and each other.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Specifiers of the imports and re-exports that survive compilation (not type-only). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly);
      if (!onlyTypes) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      if (!statement.isTypeOnly)
        specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

/** Every module reachable from `entry`: project files (relative to the root) and packages. */
function reachable(entry: string): { files: Map<string, string[]>; packages: Set<string> } {
  const files = new Map<string, string[]>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    const name = relative(root, file);
    if (files.has(name)) return;
    const imports = runtimeImports(file);
    files.set(name, imports);
    for (const specifier of imports) {
      if (specifier.startsWith('.'))
        visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(resolve(root, entry));
  return { files, packages };
}

describe('the workflow bundle', () => {
  const { files, packages } = reachable('workflows/index.ts');

  it('reaches only workflows/ and domain/, and only the Temporal workflow packages', () => {
    for (const file of files.keys()) expect(file).toMatch(/^(workflows|domain)\//);
    expect([...packages].sort()).toEqual(['@temporalio/common', '@temporalio/workflow']);
  });

  it('keeps every rule module of the term free of Temporal', () => {
    const ruleModules = [...files].filter(([file]) => file.startsWith('workflows/term/'));
    expect(ruleModules.length).toBeGreaterThanOrEqual(10);
    for (const [file, imports] of ruleModules)
      for (const specifier of imports)
        expect(resolve(root, dirname(file), specifier), `${file} imports ${specifier}`).toMatch(
          new RegExp(`^${root}/(domain|workflows/term)/`),
        );
  });
});
