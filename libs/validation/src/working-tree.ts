/**
 * The project as it will be once the turn lands: the base version's files with every accepted change applied
 * in order. Validation asks it whether an import resolves, what a patch applies to, and whether a rename's
 * target is free; the commit is the list of changes that built it.
 */
export class WorkingTree {
  private readonly files: Map<string, Buffer>;
  private totalBytes = 0;

  constructor(base: Map<string, Buffer>) {
    this.files = new Map(base);
    for (const b of base.values()) this.totalBytes += b.length;
  }

  has = (path: string) => this.files.has(path);

  /** The file as text (UTF-8), or undefined when it does not exist. */
  text(path: string): string | undefined {
    return this.files.get(path)?.toString('utf8');
  }

  bytesOf(path: string): Buffer | undefined {
    return this.files.get(path);
  }

  /** The files as they are now, without a copy: read it before the next change, never keep it. */
  snapshot(): ReadonlyMap<string, Buffer> {
    return this.files;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  get count(): number {
    return this.files.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Size of the tree after writing `size` bytes at `path`. */
  bytesAfterWrite(path: string, size: number): number {
    return this.totalBytes - (this.files.get(path)?.length ?? 0) + size;
  }

  write(path: string, content: Buffer) {
    this.totalBytes += content.length - (this.files.get(path)?.length ?? 0);
    this.files.set(path, content);
  }

  delete(path: string) {
    this.totalBytes -= this.files.get(path)?.length ?? 0;
    this.files.delete(path);
  }

  rename(from: string, to: string) {
    const content = this.files.get(from);
    if (!content) return;
    this.files.delete(from);
    this.files.set(to, content);
  }
}
