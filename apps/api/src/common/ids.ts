import { uuidSchema } from '@studio/contracts';

/** Ids in paths are UUIDs; anything else cannot name a row, so callers answer 404 without asking Postgres. */
export const isUuid = (id: string) => uuidSchema.safeParse(id).success;
