/** The stack tool speaks to a person at a terminal: short lines, one prefix. */
export const say = (msg: string) => process.stdout.write(`[studio] ${msg}\n`);
export const warn = (msg: string) => process.stderr.write(`[studio] warning: ${msg}\n`);

export class StackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackError';
  }
}
