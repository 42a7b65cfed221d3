import S3rver from 's3rver';

/**
 * The embedded S3-compatible server (s3rver), run in a child process of its own by s3.ts. s3rver makes
 * ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider, so this child
 * is started with --openssl-legacy-provider and nothing else runs in it. It accepts requests signed with
 * its one built-in key pair (S3RVER / S3RVER) and listens on loopback only.
 * argv: <port> <directory>; prints `READY <port>` once it listens.
 */
const [port, directory] = process.argv.slice(2);

const server = new S3rver({ port: Number(port), address: '127.0.0.1', directory, silent: true, vhostBuckets: false });
const { port: bound } = await server.run();
process.stdout.write(`READY ${bound}\n`);

const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
