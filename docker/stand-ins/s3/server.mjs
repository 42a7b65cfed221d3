// MinIO's command line (`server <dir>`) and root credentials over s3rver. s3rver knows one built-in key pair;
// the root user's is added beside it so the apps sign with the keys compose gives them. It makes ListObjectsV2
// continuation tokens with DES, hence --openssl-legacy-provider (tools/stack/src/s3-server.ts).
import { createRequire } from 'node:module';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);
const account = require('s3rver/lib/models/account.js');
const [, directory = '/data'] = process.argv.slice(2);
const { MINIO_ROOT_USER: user, MINIO_ROOT_PASSWORD: password } = process.env;
if (!user || !password) {
  process.stderr.write('MINIO_ROOT_USER and MINIO_ROOT_PASSWORD must be set\n');
  process.exit(1);
}
account.DUMMY_ACCOUNT.createKeyPair(user, password);
const server = new S3rver({ address: '0.0.0.0', port: 9000, directory, silent: false, vhostBuckets: false });
await server.run();
process.stdout.write(`s3rver (MinIO stand-in) listening on :9000, data in ${directory}\n`);
const stop = () => server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
