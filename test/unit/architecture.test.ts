// The structure drawn from the imports: layers import downwards only, and no
// module imports itself back through others. Type-only imports are erased at
// run time and are left out (a workflow may name an activity's type).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Each top folder, and the folders its run-time imports may reach (besides itself). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  domain: [],
  workflows: ['domain'],
  platform: ['domain'],
  activities: ['domain', 'platform', 'workflows'], // workflows/: message definitions only
  operations: ['domain', 'workflows'],
  api: ['domain', 'workflows', 'platform', 'operations'],
  worker: ['domain', 'workflows', 'activities', 'platform'],
  dev: ['domain', 'platform'],
  scripts: ['domain', 'workflows', 'activities', 'platform', 'operations', 'api', 'worker', 'dev'],
  bench: [
    'domain',
    'workflows',
    'activities',
    'platform',
    'operations',
    'api',
    'worker',
    'dev',
    'scripts',
  ],
};

function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  return readdirSync(abs).flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sourceFiles(join(dir, name));
    return name.endsWith('.ts') ? [join(dir, name)] : [];
  });
}

/** Run-time imports of one file, as paths from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(
    /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'/gm,
  )) {
    if (m[1]) continue;
    found.push(relative(ROOT, resolve(ROOT, dirname(file), m[2]!)).replace(/\.js$/, '.ts'));
  }
  return found;
}

const FOLDERS = Object.keys(MAY_IMPORT).filter((dir) => {
  try {
    return statSync(join(ROOT, dir)).isDirectory();
  } catch {
    return false;
  }
});
const GRAPH = new Map(FOLDERS.flatMap(sourceFiles).map((file) => [file, importsOf(file)]));
const folderOf = (file: string) => file.split('/')[0]!;

describe('architecture', () => {
  it('reads the source tree', () => {
    expect(GRAPH.size).toBeGreaterThan(100);
    expect(importsOf('workflows/term.ts')).toContain('workflows/messages.ts');
  });

  it('imports downwards only', () => {
    const upwards: string[] = [];
    for (const [file, targets] of GRAPH)
      for (const target of targets) {
        const from = folderOf(file);
        const to = folderOf(target);
        if (from !== to && !MAY_IMPORT[from]!.includes(to)) upwards.push(`${file} -> ${target}`);
      }
    expect(upwards).toEqual([]);
  });

  it('has no import loops', () => {
    // Tarjan's strongly connected components: any with two or more files is a loop.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const loops: string[][] = [];
    const visit = (file: string) => {
      index.set(file, next);
      low.set(file, next);
      next++;
      stack.push(file);
      onStack.add(file);
      for (const target of GRAPH.get(file) ?? []) {
        if (!GRAPH.has(target)) continue;
        if (!index.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== file);
        if (component.length > 1) loops.push(component.sort());
      }
    };
    for (const file of GRAPH.keys()) if (!index.has(file)) visit(file);
    expect(loops).toEqual([]);
  });
});
