import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandGlob, findDockerfiles, isDockerfileName, isGlobPattern } from '../../src/engine/discover.js';
import { makeTempDir, removeTempDir } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(dir);
});

async function put(...names: string[]): Promise<void> {
  for (const name of names) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), name.endsWith('.gitignore') || name.endsWith('exclude') ? '' : 'FROM scratch\n');
  }
}

async function putText(name: string, text: string): Promise<void> {
  await mkdir(join(dir, name, '..'), { recursive: true });
  await writeFile(join(dir, name), text);
}

describe('isDockerfileName', () => {
  it.each([
    'Dockerfile',
    'dockerfile',
    'Dockerfile.dev',
    'Dockerfile.prod.alpine',
    'api.Dockerfile',
    'api.dockerfile',
    'Containerfile',
    'Containerfile.dev',
    'web.Containerfile',
  ])('accepts %s', (name) => expect(isDockerfileName(name)).toBe(true));

  it.each([
    'Dockerfile.',
    '.Dockerfile',
    'Dockerfile.dockerignore',
    'api.Dockerfile.dockerignore',
    'Dockerfiles',
    'MyDockerfile',
    'docker-compose.yml',
    '.dockerignore',
    'Containerfiles',
  ])('rejects %s', (name) => expect(isDockerfileName(name)).toBe(false));
});

describe('findDockerfiles', () => {
  it('returns sorted POSIX paths relative to the root, files before subfolders', async () => {
    await put('b/Dockerfile', 'a/Dockerfile', 'Dockerfile', 'a.b/Dockerfile', 'a/x/Dockerfile', 'z.Dockerfile');
    expect(await findDockerfiles(dir)).toEqual([
      'Dockerfile',
      'z.Dockerfile',
      'a/Dockerfile',
      'a/x/Dockerfile',
      'a.b/Dockerfile',
      'b/Dockerfile',
    ]);
  });

  it('skips node_modules and .git wherever they are', async () => {
    await put('Dockerfile', 'node_modules/x/Dockerfile', 'pkg/node_modules/y/Dockerfile', '.git/Dockerfile');
    expect(await findDockerfiles(dir)).toEqual(['Dockerfile']);
  });

  it('honours nested .gitignore files with git precedence', async () => {
    await put('Dockerfile', 'gen/Dockerfile', 'keep/gen/Dockerfile', 'a/Dockerfile.tmp', 'a/b/Dockerfile.tmp', 'a/b/Dockerfile');
    await putText('.gitignore', 'gen/\n*.tmp\n');
    // A deeper file re-includes what a shallower one excluded.
    await putText('a/b/.gitignore', '!Dockerfile.tmp\n');
    expect(await findDockerfiles(dir)).toEqual(['Dockerfile', 'a/b/Dockerfile', 'a/b/Dockerfile.tmp']);
  });

  it('anchored patterns apply relative to their own .gitignore', async () => {
    await put('Dockerfile', 'svc/Dockerfile', 'svc/build/Dockerfile', 'build/Dockerfile');
    await putText('svc/.gitignore', '/build\n');
    expect(await findDockerfiles(dir)).toEqual(['Dockerfile', 'build/Dockerfile', 'svc/Dockerfile']);
  });

  it('.gitignore files above the root count up to the repository root, plus .git/info/exclude', async () => {
    await mkdir(join(dir, '.git', 'info'), { recursive: true });
    await putText('.git/info/exclude', 'Dockerfile.local\n');
    await putText('.gitignore', 'project/vendor/\n');
    await putText('project/.gitignore', '*.old\n');
    await put('project/Dockerfile', 'project/Dockerfile.local', 'project/vendor/Dockerfile', 'project/src/Dockerfile.old', 'project/src/Dockerfile');
    expect(await findDockerfiles(join(dir, 'project', 'src'))).toEqual(['Dockerfile']);
    expect(await findDockerfiles(join(dir, 'project'))).toEqual(['Dockerfile', 'src/Dockerfile']);
  });

  it('a folder the user names is searched even if .gitignore above it ignores it', async () => {
    await mkdir(join(dir, '.git'));
    await putText('.gitignore', 'build/\n');
    await put('build/Dockerfile');
    expect(await findDockerfiles(join(dir, 'build'))).toEqual(['Dockerfile']);
  });

  it('without a repository, .gitignore files above the root are not read', async () => {
    await putText('.gitignore', '*\n');
    await put('sub/Dockerfile');
    expect(await findDockerfiles(join(dir, 'sub'))).toEqual(['Dockerfile']);
  });

  it('gitignore can be turned off', async () => {
    await putText('.gitignore', 'Dockerfile\n');
    await put('Dockerfile');
    expect(await findDockerfiles(dir)).toEqual([]);
    expect(await findDockerfiles(dir, { gitignore: false })).toEqual(['Dockerfile']);
  });

  it('follows symlinked files but not symlinked folders', async () => {
    await put('real/Dockerfile');
    await symlink(join(dir, 'real'), join(dir, 'loop'));
    await symlink(join(dir, 'real', 'Dockerfile'), join(dir, 'linked.Dockerfile'));
    await symlink(join(dir, 'missing'), join(dir, 'broken.Dockerfile'));
    expect(await findDockerfiles(dir)).toEqual(['linked.Dockerfile', 'real/Dockerfile']);
  });
});

describe('expandGlob', () => {
  it('walks from the literal base and returns paths spelled from it', async () => {
    await put('docker/a.df', 'docker/sub/b.df', 'docker/c.txt', 'other/d.df');
    expect(await expandGlob('docker/**/*.df', dir)).toEqual(['docker/a.df', 'docker/sub/b.df']);
    expect(await expandGlob('**/*.df', dir)).toEqual(['docker/a.df', 'docker/sub/b.df', 'other/d.df']);
    expect(await expandGlob('docker/{a,c}.*', dir)).toEqual(['docker/a.df', 'docker/c.txt']);
  });

  it('honours .gitignore and skips node_modules like discovery', async () => {
    await put('a/Dockerfile', 'node_modules/m/Dockerfile', 'ignored/Dockerfile');
    await putText('.gitignore', 'ignored\n');
    expect(await expandGlob('**/Dockerfile', dir)).toEqual(['a/Dockerfile']);
  });

  it('a pattern whose base does not exist matches nothing', async () => {
    expect(await expandGlob('nowhere/**/Dockerfile', dir)).toEqual([]);
  });

  it('isGlobPattern tells patterns from plain paths', () => {
    expect(isGlobPattern('a/*.Dockerfile')).toBe(true);
    expect(isGlobPattern('Dockerfile.{a,b}')).toBe(true);
    expect(isGlobPattern('docker/Dockerfile')).toBe(false);
  });
});
