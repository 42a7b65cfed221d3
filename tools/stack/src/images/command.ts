import { createWriteStream } from 'node:fs';
import { StackError, say } from '../log.js';
import { dockerAvailable } from '../preview-image.js';
import { ensureAppImages } from './app-images.js';

/**
 * `./studio images [--node-base <image>]`: builds the API and worker production images when their inputs
 * changed and prints their tags. `--node-base` (or NODE_BASE) names the Node base, e.g. the official
 * node:22-bookworm-slim where a registry is reachable; by default a stand-in made here without a registry.
 */
export async function images(args: string[]): Promise<number> {
  const flag = args.indexOf('--node-base');
  if (flag >= 0) {
    if (!args[flag + 1]) throw new StackError('--node-base needs an image, e.g. --node-base node:22-bookworm-slim');
    process.env.NODE_BASE = args[flag + 1];
  }
  if (!(await dockerAvailable())) throw new StackError('no Docker engine answers (DOCKER_HOST or the default socket): the images need one.');
  const logFile = createWriteStream('test-artifacts/images.log', { flags: 'w' });
  const tags = await ensureAppImages((line) => logFile.write(`${line}\n`));
  logFile.end();
  say(`api image:    ${tags.api}`);
  say(`worker image: ${tags.worker}`);
  process.stdout.write(`${tags.api}\n${tags.worker}\n`);
  return 0;
}
