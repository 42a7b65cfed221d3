import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A streaming zip writer (PKWARE APPNOTE 6.3: local headers, central directory, end record; UTF-8 names).
 * Each entry is compressed synchronously as it comes, so a project zips at about the speed of `zip -r`
 * while only one file's bytes are held at a time. Formats that are already compressed are stored as is.
 * Sizes stay under 4 GiB (the project limits are far below), so ZIP64 is not needed.
 */
const ALREADY_COMPRESSED = /\.(png|jpe?g|gif|webp|avif|woff2?|zip|gz|br|mp4|webm|mp3)$/i;
// A fixed timestamp (2000-01-01 00:00), so the same version always zips to the same bytes.
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;
const MADE_BY_UNIX = (3 << 8) | 20;
const REGULAR_FILE_644 = (0o100644 << 16) >>> 0;

export interface ZipInput {
  name: string;
  data: Buffer;
}

export async function* zipStream(entries: AsyncIterable<ZipInput>): AsyncGenerator<Buffer> {
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for await (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    let method = 0;
    let body = data;
    if (!ALREADY_COMPRESSED.test(name) && data.length > 0) {
      const deflated = deflateRawSync(data);
      if (deflated.length < data.length) {
        method = 8;
        body = deflated;
      }
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);

    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(MADE_BY_UNIX, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(UTF8_NAMES, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt16LE(DOS_TIME, 12);
    dir.writeUInt16LE(DOS_DATE, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    // extra length, comment length, disk number, internal attributes: all 0
    dir.writeUInt32LE(REGULAR_FILE_644, 38);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, nameBytes);

    yield Buffer.concat([local, nameBytes, body]);
    offset += local.length + nameBytes.length + body.length;
    count++;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  yield Buffer.concat([directory, end]);
}
