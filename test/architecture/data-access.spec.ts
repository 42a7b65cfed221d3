import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EntityManager } from 'typeorm';

/**
 * libs/data owns the tables (docs/ARCHITECTURE.md): every SQL statement, query builder and TypeORM
 * `Repository` lives in one of its repositories, and apps and the other libs call those. Fails when any
 * TypeScript file under apps/ or libs/ outside libs/data/ queries the database itself.
 *
 * Spec files are held to the same rule: an integration spec sets up its rows through the libs/data
 * repositories, the way the apps write them (a fixture written by hand drifts from what the app writes).
 * The end-to-end specs (test/e2e) and the stack tools (tools/) are outside it: they drive the built
 * processes from outside, and check or arrange the database as an operator would.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCOPE = ['apps', 'libs'];
const OWNER = 'libs/data/';

// An EntityManager reached through a DataSource (`db.manager.find(...)`): any of its own methods called on
// a `.manager`. Named methods only, so an unrelated field called `manager` (PreviewManager) is not a query.
const MANAGER_METHODS = Object.getOwnPropertyNames(EntityManager.prototype).filter((name) => name !== 'constructor');

const RULES: { what: string; pattern: RegExp }[] = [
  { what: 'raw SQL (`.query(`)', pattern: /\.query\(/ },
  { what: 'a query builder', pattern: /createQueryBuilder/ },
  { what: 'a TypeORM repository (`getRepository(`)', pattern: /getRepository\(/ },
  { what: 'an injected TypeORM repository', pattern: /InjectRepository/ },
  { what: 'an EntityManager call (`.manager.`)', pattern: new RegExp(`\\.manager\\.(?:${MANAGER_METHODS.join('|')})\\b`) },
  { what: "TypeORM's `Repository` imported", pattern: /import\s+(?:type\s+)?\{[^}]*\bRepository\b[^}]*\}\s*from\s*['"]typeorm['"]/ },
];

/** What in `text` queries the database: `line: what` for each finding. */
function findings(text: string): string[] {
  const found: string[] = [];
  for (const { what, pattern } of RULES) {
    const global = new RegExp(pattern.source, 'g');
    for (const match of text.matchAll(global)) {
      const line = text.slice(0, match.index).split('\n').length;
      found.push(`${line}: ${what}`);
    }
  }
  return found;
}

/** The TypeScript files under apps/ and libs/ a clone would hold: tracked ones and new ones not ignored. */
function scopedFiles(): string[] {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...SCOPE], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\0');
  } catch {
    listed = SCOPE.flatMap((dir) => walk(join(ROOT, dir))).map((f) => relative(ROOT, f).split(sep).join('/'));
  }
  // Deleted files are still listed until the deletion is committed.
  return listed.filter((f) => f.endsWith('.ts') && !f.startsWith(OWNER) && existsSync(join(ROOT, f)));
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe('data access', () => {
  it('recognises each way of querying the database, and not a field that merely is called `manager`', () => {
    const sample = [
      `await db.query('SELECT 1');`,
      `tx.createQueryBuilder().update(ProjectEntity);`,
      `ds.getRepository(TurnEntity).find();`,
      `constructor(@InjectRepository(TurnEntity) turns) {}`,
      `await this.db.manager.findOneBy(TurnEntity, { id });`,
      `import { DataSource, type Repository } from 'typeorm';`,
      `this.manager.ensure(projectId, userId);`,
      `import type { DataSource, EntityManager } from 'typeorm';`,
    ].join('\n');
    expect(findings(sample).sort()).toEqual(
      [
        '1: raw SQL (`.query(`)',
        '2: a query builder',
        '3: a TypeORM repository (`getRepository(`)',
        '4: an injected TypeORM repository',
        '5: an EntityManager call (`.manager.`)',
        "6: TypeORM's `Repository` imported",
      ].sort(),
    );
  });

  it('no file under apps/ or libs/ outside libs/data queries the database itself', () => {
    const files = scopedFiles();
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => findings(readFileSync(join(ROOT, file), 'utf8')).map((f) => `${file}:${f}; move it into a libs/data repository`));
    expect(found).toEqual([]);
  });
});
