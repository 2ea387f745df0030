/**
 * Keeps the views' statements and the commits that rewrite what they read
 * (the rollup's step, a cgroup's facts, retention) apart: a commit waits
 * for the statements running to end and holds new ones back until it is
 * done. Under emulation (the kernel matrix), a statement that met a
 * rollup step's commit read the new watermark without the rows it stood
 * for, and a process with six opens stored was answered as none; run
 * again, the same statement found them.
 */
export class CommitGate {
  private running = 0;
  /** A commit is waiting or under way: statements wait for it. */
  private shut: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  /** A view's statement, once no commit is waiting or under way. */
  async statement<T>(run: () => Promise<T>): Promise<T> {
    while (this.shut) await this.shut;
    this.running++;
    try {
      return await run();
    } finally {
      this.running--;
      if (this.running === 0) this.drained?.();
    }
  }

  /** A commit, with no statement running beside it. */
  async commit<T>(run: () => Promise<T>): Promise<T> {
    while (this.shut) await this.shut;
    let open!: () => void;
    this.shut = new Promise((r) => (open = r));
    try {
      if (this.running > 0) await new Promise<void>((r) => (this.drained = r));
      this.drained = null;
      return await run();
    } finally {
      this.shut = null;
      open();
    }
  }
}
