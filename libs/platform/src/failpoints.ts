/**
 * Named points where a test can freeze a process (STUDIO_FAILPOINTS=turn.commit,...) to kill it exactly
 * there: the only way to show that a crash mid-commit leaves a complete version. Off unless the variable is
 * set, and refused in production.
 */
const active = new Set(
  process.env.NODE_ENV === 'production'
    ? []
    : (process.env.STUDIO_FAILPOINTS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
);

export async function failpoint(name: string): Promise<void> {
  if (!active.has(name)) return;
  // The test waits for this exact line on stdout, then kills the process.
  process.stdout.write(`FAILPOINT ${name} reached\n`);
  await new Promise(() => {});
}
