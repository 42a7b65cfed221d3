import yauzl from 'yauzl';

/** Reads a zip back with an independent implementation (yauzl): name → {bytes, method}. Tests only. */
export function unzip(buf: Buffer): Promise<Map<string, { bytes: Buffer; method: number }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, strictFileNames: true }, (err, file) => {
      if (err || !file) return reject(err);
      const out = new Map<string, { bytes: Buffer; method: number }>();
      file.on('entry', (entry: yauzl.Entry) =>
        file.openReadStream(entry, async (e, stream) => {
          if (e || !stream) return reject(e);
          out.set(entry.fileName, { bytes: Buffer.concat(await stream.toArray()), method: entry.compressionMethod });
          file.readEntry();
        }),
      );
      file.on('end', () => resolve(out));
      file.on('error', reject);
      file.readEntry();
    });
  });
}
