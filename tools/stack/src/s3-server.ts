import { createServer } from 'node:http';
import S3rver from 's3rver';
import { isPresigned, presignedMismatch } from './s3-presigned.js';

/**
 * The embedded S3-compatible server (s3rver), run in a child process of its own by s3.ts. s3rver makes
 * ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider, so this child
 * is started with --openssl-legacy-provider and nothing else runs in it. It accepts requests signed with
 * its one built-in key pair (S3RVER / S3RVER) and listens on loopback only.
 * argv: <port> <directory> [bucket]; prints `READY <port>` once it listens.
 */
const [port, directory, bucket] = process.argv.slice(2);
const SECRET = 'S3RVER';

// Browsers PUT uploads straight to the store with presigned URLs (docs/API.md "Assets and uploads"), so the
// bucket answers CORS. Any origin: this server listens on loopback only, and the presigned URL is the credential.
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>content-type</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

const server = new S3rver({
  directory,
  silent: true,
  vhostBuckets: false,
  configureBuckets: bucket ? [{ name: bucket, configs: [CORS] }] : [],
});
await server.configureBuckets();

const handle = server.callback();
// s3rver checks a presigned URL's expiry but not its signature; this checks the signature first, so a
// body of another length or type than the URL was signed for is refused as AWS S3 refuses it.
const http = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method !== 'OPTIONS' && isPresigned(url)) {
    const mismatch = presignedMismatch({ method: req.method ?? 'GET', url, headers: req.headers }, SECRET);
    if (mismatch) {
      res.writeHead(403, { 'content-type': 'application/xml', 'access-control-allow-origin': '*' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>${mismatch}</Message></Error>`);
      req.resume();
      return;
    }
  }
  handle(req, res);
});
// Idle keep-alive connections stay open longer than the SDK keeps them pooled, as S3's own endpoints do. With
// Node's default 5 s, a burst of requests after a pause reused sockets the server was closing at that moment:
// the scale-out test's workers got "socket hang up" on blob writes (and, once the SDK's retry quota was spent,
// failed turns).
http.keepAliveTimeout = 65_000;
http.headersTimeout = 66_000;
await new Promise<void>((resolve, reject) => http.once('error', reject).listen(Number(port), '127.0.0.1', resolve));
const address = http.address();
process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : port}\n`);

const stop = () => http.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
