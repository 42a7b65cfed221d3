import { Injectable } from '@nestjs/common';

/** `blobs.collect` (a repeatable maintenance job): deletes blobs nothing refers to. STUB: issue 21, storage lifecycle. */
@Injectable()
export class BlobCollector {
  async run(): Promise<Record<string, number>> {
    throw new Error('BlobCollector is not built yet');
  }
}
