import bcrypt from 'bcryptjs';

const COST = 10;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);

// Compared against when the email is unknown, so a failed sign-in takes as long whether or not the
// account exists (the answer must not tell).
const UNKNOWN_USER_HASH = bcrypt.hashSync('not-a-real-password', COST);

export const verifyPassword = (password: string, hash: string | undefined) =>
  bcrypt.compare(password, hash ?? UNKNOWN_USER_HASH).then((ok) => ok && hash !== undefined);
