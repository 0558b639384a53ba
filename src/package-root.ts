import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * packageRootFrom is the nearest folder at or above dir holding package.json. The same
 * module runs from src/ under tsx and from dist/server/ once compiled, so files beside
 * the sources (migrations, web/, dist/web) are found from the package, not the module.
 */
export function packageRootFrom(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at;
    if (dirname(at) === at) throw new Error(`no package.json at or above ${dir}`);
  }
}

/** PACKAGE_ROOT is the registry's package folder (the repository root). */
export const PACKAGE_ROOT = packageRootFrom(dirname(fileURLToPath(import.meta.url)));

/** packagePath is a path inside the package, from its root. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
