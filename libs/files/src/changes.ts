import { createHash } from 'node:crypto';

/** A change as callers give it: the new bytes for a write. */
export type FileChange = { action: 'write'; path: string; content: Buffer } | { action: 'delete'; path: string } | { action: 'rename'; from: string; path: string };

/** The same change once its bytes are in the blob store: only the hash and size remain. */
export type PreparedChange = { action: 'write'; path: string; sha256: string; size: number } | { action: 'delete'; path: string } | { action: 'rename'; from: string; path: string };

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
