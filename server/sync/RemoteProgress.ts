/**
 * For one document: how far the updates of each other instance were received here, and how
 * far that instance reported them stored. "Saved" on this instance waits until everything
 * received is stored somewhere: a client that moved here from a failed instance does not send
 * again what this instance already holds, so its acknowledgement must cover that too.
 */
export class RemoteProgress {
  private readonly received = new Map<string, number>();
  private readonly stored = new Map<string, number>();
  private waiters: Array<{ targets: Map<string, number>; resolve: () => void }> = [];

  /** An update numbered `seq` arrived from instance `from`. */
  receivedUpdate(from: string, seq: number): void {
    if (seq > (this.received.get(from) ?? 0)) this.received.set(from, seq);
  }

  /** Instance `from` reports its first `count` updates stored. */
  storedUpTo(from: string, count: number): void {
    if (count <= (this.stored.get(from) ?? 0)) return;
    this.stored.set(from, count);
    this.settle();
  }

  /** True while something received is not known to be stored. */
  get outstanding(): boolean {
    for (const [from, seq] of this.received) if ((this.stored.get(from) ?? 0) < seq) return true;
    return false;
  }

  /** Resolves once everything received so far is known to be stored. */
  whenStored(): Promise<void> {
    const targets = new Map<string, number>();
    for (const [from, seq] of this.received) if ((this.stored.get(from) ?? 0) < seq) targets.set(from, seq);
    if (targets.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ targets, resolve }));
  }

  /** What was received up to now, to confirm later with confirm(). */
  capture(): Map<string, number> {
    return new Map(this.received);
  }

  /** The store was seen to hold everything this instance had at capture(): all of it is stored. */
  confirm(captured: Map<string, number>): void {
    for (const [from, seq] of captured) if (seq > (this.stored.get(from) ?? 0)) this.stored.set(from, seq);
    this.settle();
  }

  private settle(): void {
    if (this.waiters.length === 0) return;
    const done = (w: { targets: Map<string, number> }) => [...w.targets].every(([from, seq]) => (this.stored.get(from) ?? 0) >= seq);
    const ready = this.waiters.filter(done);
    this.waiters = this.waiters.filter((w) => !done(w));
    for (const w of ready) w.resolve();
  }
}
