// s3rver ships no type declarations; this is the part of its API the stack uses.
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface S3rverOptions {
    port?: number;
    address?: string;
    directory: string;
    silent?: boolean;
    vhostBuckets?: boolean;
    resetOnClose?: boolean;
    /** Buckets created at start, each with configuration documents (CORS, website) as XML. */
    configureBuckets?: { name: string; configs?: string[] }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    /** Creates the configured buckets (run() does this before it listens). */
    configureBuckets(): Promise<void>;
    /** The request handler (s3rver is a Koa application), for a server of one's own. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
