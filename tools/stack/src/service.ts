/** Something the stack started and must stop on the way out, in reverse order of starting. */
export interface Running {
  name: string;
  stop(): Promise<void>;
}

export class Services {
  private readonly running: Running[] = [];
  private stopping?: Promise<void>;

  add<T extends Running>(service: T): T {
    this.running.push(service);
    return service;
  }

  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const s of [...this.running].reverse()) {
        await s.stop().catch((err) => process.stderr.write(`[studio] stopping ${s.name}: ${err}\n`));
      }
    })();
    return this.stopping;
  }
}
