/** Postgres returns bigint as a string (it can pass 2^53); the byte and request counts kept here never do. */
export const bigintNumber = { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };
