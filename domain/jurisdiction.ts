// Jurisdiction arithmetic, free of zod: the workflow bundle loads every module
// once per cached workflow, so what workflows import must stay small.
import type { Jurisdiction } from './actors.js';

/** Whether `path` lies in the subtree rooted at `root`. */
export function isWithin(root: Jurisdiction, path: Jurisdiction): boolean {
  return path === root || path.startsWith(root + '/');
}

/** The ancestor of `path` at a tree level: 1 region, 2 city, 3 county, 4 township, 5 village. */
export function ancestorAt(path: Jurisdiction, level: 1 | 2 | 3 | 4 | 5): Jurisdiction {
  return path.split('/').slice(0, level).join('/');
}
export const countyOf = (path: Jurisdiction) => ancestorAt(path, 3);
export const townshipOf = (path: Jurisdiction) => ancestorAt(path, 4);
