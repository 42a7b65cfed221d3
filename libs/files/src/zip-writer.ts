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

interface EntryFields {
  method: number;
  crc: number;
  compressed: number;
  size: number;
  nameLength: number;
}

/** The run of fields a local header and its central-directory record share, from "version needed" to "name length". */
function writeSharedFields(buf: Buffer, at: number, f: EntryFields) {
  buf.writeUInt16LE(20, at);
  buf.writeUInt16LE(UTF8_NAMES, at + 2);
  buf.writeUInt16LE(f.method, at + 4);
  buf.writeUInt16LE(DOS_TIME, at + 6);
  buf.writeUInt16LE(DOS_DATE, at + 8);
  buf.writeUInt32LE(f.crc, at + 10);
  buf.writeUInt32LE(f.compressed, at + 14);
  buf.writeUInt32LE(f.size, at + 18);
  buf.writeUInt16LE(f.nameLength, at + 22);
}

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
    const fields = { method, crc, compressed: body.length, size: data.length, nameLength: nameBytes.length };
    const local = Buffer.alloc(30); // extra length (28): 0
    local.writeUInt32LE(0x04034b50, 0);
    writeSharedFields(local, 4, fields);

    const dir = Buffer.alloc(46); // extra, comment length, disk number, internal attributes (30-37): 0
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(MADE_BY_UNIX, 4);
    writeSharedFields(dir, 6, fields);
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
