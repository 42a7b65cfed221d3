import { readdirSync, readFileSync } from 'node:fs';

/** ppid of every process visible in /proc (Linux), read from /proc/<pid>/stat. */
function parents(): Map<number, number> {
  const ppids = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ppids.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended while the list was read.
    }
  }
  return ppids;
}

/** The direct children of `pid` now. */
export function childrenOf(pid: number): number[] {
  return [...parents()].filter(([, ppid]) => ppid === pid).map(([child]) => child);
}

/** `root` and every process below it (Chromium's zygotes, renderers, GPU and utility processes). */
export function processTree(root: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
  const tree: number[] = [];
  const pending = [root];
  while (pending.length) {
    const pid = pending.pop()!;
    tree.push(pid);
    pending.push(...(byParent.get(pid) ?? []));
  }
  return tree;
}

export function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * Resident memory of a process tree in MB: the sum of each process's VmRSS. Pages shared between the
 * processes (the zygote's forks share most of theirs) are counted once per process, so this is an upper bound.
 */
export function treeRssMb(root: number): number {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      // Gone since the tree was read.
    }
  }
  return Math.round(kb / 102.4) / 10;
}

/**
 * CPU time of a process tree in ms (user + system, with that of its children that already exited, such as
 * the renderer of a closed context): the cost of work whatever else the machine is doing.
 */
export function treeCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: fields 14-17 of proc(5), here from field 3 on.
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // Gone since the tree was read.
    }
  }
  // USER_HZ is 100 on every Linux Node runs on.
  return ticks * 10;
}

/**
 * Proportional memory of a process tree in MB (each process's Pss from smaps_rollup): a page shared by n
 * processes counts 1/n in each, so the sum is what the tree really holds, unlike the sum of RSS.
 */
export function treePssMb(root: number): number {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return Math.round(kb / 102.4) / 10;
}
