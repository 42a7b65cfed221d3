import { mkdirSync } from 'node:fs';
import { admin } from './admin-role.js';
import { bench } from './bench/bench.js';
import { conformance } from './conformance/command.js';
import { writeEnvExample } from './env-example.js';
import { images } from './images/command.js';
import { StackError } from './log.js';
import { migrate } from './migrate.js';
import { secrets } from './secrets-rotate.js';
import { runJest, test } from './test.js';
import { up } from './up.js';

const USAGE = `usage: ./studio <command>
  up                 bring the whole product up (embedded services unless their URLs are set); Ctrl-C stops it
  test [jest args]   every test (unit, integration, end to end) against a throwaway stack
  test --unit        unit tests only, no services
  migrate            apply pending migrations to DATABASE_URL
  admin grant|revoke <email>  give or take the admin role of an account in DATABASE_URL
  secrets rotate     re-seal every stored secret under SECRETS_KEY (README "Rotating the secrets key")
  env-example        write docker/.env.example from the config schema
  images [--node-base <image>]  build the API and worker production images (docker/app) and print their tags
  bench              the benchmarks (docs/BENCHMARKS.md) against a throwaway stack; writes bench-results/
  conformance [--driver docker|process|<module>]  the PreviewRuntime conformance suite against one driver`;

// This machine runs Node 20 (README); the SDK's notice that its 2027 releases need Node 22 is known and
// would otherwise print on every start of every process the stack runs. The lockfile pins the SDK.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  mkdirSync('test-artifacts', { recursive: true });
  switch (command) {
    case 'up':
      return up();
    case 'test':
      return rest[0] === '--unit' ? runJest(['--selectProjects', 'unit', ...rest.slice(1)]) : test(rest);
    case 'migrate':
      return migrate();
    case 'admin':
      return admin(rest);
    case 'secrets':
      return secrets(rest);
    case 'env-example':
      return writeEnvExample();
    case 'images':
      return images(rest);
    case 'bench':
      return bench();
    case 'conformance':
      return conformance(rest);
    default:
      process.stderr.write(`${USAGE}\n`);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[studio] ${err instanceof StackError ? err.message : ((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
