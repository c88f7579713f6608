/** Builds the web console when web/dist is missing or older than its sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureWebBuilt(): void {
  const index = join(root, 'web/dist/index.html');
  const sources = Math.max(newestMtime(join(root, 'web')), newestMtime(join(root, 'shared/src')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('构建 Web 控制台 / building the web console …');
  const result = spawnSync('npm', ['run', 'build', '--workspace', 'web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('web console build failed');
}

if (import.meta.main) ensureWebBuilt();
