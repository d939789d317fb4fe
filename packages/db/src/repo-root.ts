import fs from 'node:fs';
import path from 'node:path';

/** The monorepo root: the nearest ancestor holding turbo.json (works from src/ and dist/ alike). */
export function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'turbo.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the Waymark repository root above ${start}`);
    dir = parent;
  }
}

export function defaultMigrationsDir(): string {
  return path.join(findRepoRoot(), 'prisma', 'migrations');
}
