/** Limits of one project. The defaults are far above what a landing page needs; operators can change them. */
export interface FileLimits {
  /** Bytes of one file. */
  maxFileBytes: number;
  /** Files in one version. */
  maxFiles: number;
  /** Bytes of all files of one version. */
  maxProjectBytes: number;
  /** Characters of one path. */
  maxPathLength: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxFiles: 2000,
  maxProjectBytes: 100 * 1024 * 1024,
  maxPathLength: 256,
};
