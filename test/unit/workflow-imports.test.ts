// What the workflow bundle loads: every module reachable by run-time imports
// from workflows/index.ts. Workflow code runs in Temporal's sandbox and is
// loaded once per cached workflow, so it may reach only domain/, its own files
// and the Temporal workflow packages (no Node built-ins, no zod); the rule
// modules in workflows/term/ reach nothing but domain/ and each other.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// Imports and re-exports as this code base writes them (prettier-formatted):
// `import x from '…'`, `import { a, type B } from '…'`, `import type … from '…'`,
// `export { … } from '…'`, `import '…'`.
const IMPORT = /^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)';|^import\s+'([^']+)';/gm;

/**
 * Specifiers of the imports that survive compilation: not `import type`, and
 * not braces of type-only names alone (the compiler drops those too).
 */
function runtimeImports(file: string): string[] {
  const specifiers: string[] = [];
  for (const [, typeOnly, clause = '', specifier, bare] of readFileSync(file, 'utf8').matchAll(
    IMPORT,
  )) {
    if (bare) {
      specifiers.push(bare);
      continue;
    }
    if (typeOnly) continue;
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    const names = braces?.[1]
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (names?.length && names.every((name) => name.startsWith('type '))) continue;
    specifiers.push(specifier!);
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
