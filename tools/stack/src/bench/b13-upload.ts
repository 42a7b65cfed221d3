import { processUpload } from '@studio/assets';
import type { UploadTicket, UploadView } from '@studio/contracts';
import sharp from 'sharp';
import { BenchClient } from './bench-client.js';
import { type Row, stats, timeIt } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);
// How long one upload may take before the run gives up on it (the worker may be busy with another bench's leftovers).
const UPLOAD_TIMEOUT_MS = 120_000;

/**
 * A ~4 MB photo: 4000×3000 with Gaussian noise, which JPEG cannot compress away (a flat image would be a few
 * kilobytes and make every step look free). Made here, the same bytes for both figures.
 */
export async function benchPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** One upload as the web client does it: ask, PUT the bytes to the presigned URL, complete, poll until done. */
async function uploadOnce(client: BenchClient, projectId: string, photo: Buffer, run: number): Promise<UploadView> {
  const ticket = await client.call<UploadTicket>('POST', `/api/projects/${projectId}/uploads`, {
    fileName: `Photo ${run}.jpg`,
    contentType: 'image/jpeg',
    size: photo.length,
    purpose: 'asset',
  });
  const put = await fetch(ticket.url, { method: ticket.method, headers: ticket.headers, body: new Uint8Array(photo) });
  if (!put.ok) throw new Error(`B13: PUT to the object store answered ${put.status} ${await put.text()}`);
  await client.call('POST', `/api/projects/${projectId}/uploads/${ticket.uploadId}/complete`);
  const deadline = Date.now() + UPLOAD_TIMEOUT_MS;
  for (;;) {
    const view = await client.call<UploadView>('GET', `/api/projects/${projectId}/uploads/${ticket.uploadId}`);
    if (view.status === 'done') return view;
    if (view.status === 'refused' || view.status === 'expired') throw new Error(`B13: upload ${view.status}: ${JSON.stringify(view.error)}`);
    if (Date.now() > deadline) throw new Error(`B13: upload still ${view.status} after ${UPLOAD_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * B13: upload → asset in a version, for a ~4 MB photo, through the real API, object store and worker; beside
 * sharp's own time for the same work (processUpload alone on the same bytes: header check, clean copy, dominant
 * colour, the WebP variants), in the same run. The difference is what the platform adds: the presigned PUT,
 * the queue, reading the object back, storing the original and its variants, the version commit.
 * `apiUrl` undefined: the library figure alone.
 */
export async function benchUpload(apiUrl: string | undefined): Promise<{ rows: Row[]; photoBytes: number; variants: number; endToEndError?: string }> {
  const photo = await benchPhoto();
  const processed = await processUpload(photo, 'image/jpeg', 'asset');
  const reference = stats(await timeIt(N, () => processUpload(photo, 'image/jpeg', 'asset')));
  const referenceRow: Row = { figure: `B13 processUpload alone (${(photo.length / 1e6).toFixed(1)} MB JPEG)`, stats: reference };
  const result = { photoBytes: photo.length, variants: processed.variants.length };
  if (!apiUrl) return { ...result, rows: [referenceRow] };

  try {
    const client = new BenchClient(apiUrl);
    await client.signUp('b13');
    const projectId = await client.project('B13');
    let run = 0;
    const samples = await timeIt(N, async () => {
      const view = await uploadOnce(client, projectId, photo, run++);
      if (view.version === undefined || view.asset === undefined) throw new Error(`B13: a done upload without its version or asset: ${JSON.stringify(view)}`);
    });
    return {
      ...result,
      rows: [
        {
          figure: 'B13 upload → asset in a version (4000×3000 JPEG)',
          stats: stats(samples),
          reference: { name: 'processUpload', stats: reference },
          bar: 'none yet: the difference is ours',
        },
        referenceRow,
      ],
    };
  } catch (error) {
    // The library figure still stands when the pipeline is missing or fails; say why the other is absent.
    return { ...result, rows: [referenceRow], endToEndError: error instanceof Error ? error.message : String(error) };
  }
}
