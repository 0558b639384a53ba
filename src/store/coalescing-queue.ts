import { metrics } from '../metrics/metrics.ts';

/**
 * CoalescingQueue runs work as it arrives, sharing rounds: while a round is in
 * flight, the items that arrive queue up, and the next round takes them all
 * (up to limit, one per key). A second item on a key waits for a later round
 * that starts after the first item's round has ended, so it sees the first. A
 * lone item waits for nothing.
 *
 * Up to `parallel` rounds run at once, on keys apart. That matters on
 * PostgreSQL: a round spends most of its time on its checks, before it takes
 * the log head lock, so the next round's checks run while this one appends
 * and commits (bench/README.md, issue #14). On PGlite, one connection runs one
 * transaction at a time, so one round at a time is all there is to have.
 */
export class CoalescingQueue<T> {
  private queue: T[] = [];
  private running = 0;
  private scheduled = false;
  /** busy holds the keys of the rounds in flight. */
  private readonly busy = new Set<string>();

  /** run does one round's work; keyOf names what an item works on; limit caps a round; parallel caps the rounds in flight. */
  constructor(
    private readonly run: (round: T[]) => Promise<void>,
    private readonly keyOf: (item: T) => string,
    private readonly limit: number,
    private readonly parallel = 1,
  ) {}

  /** submit queues item for the next round; run reports its outcome, not submit. */
  submit(item: T): void {
    this.queue.push(item);
    this.schedule();
  }

  /**
   * schedule starts rounds on the event loop's next turn, after pending I/O
   * callbacks: requests already received reach the queue first. On PGlite a
   * whole transaction runs without yielding to the event loop, so without
   * this each request would find the queue empty and run alone.
   */
  private schedule(): void {
    if (this.scheduled || this.running >= this.parallel || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.parallel) {
        const round = this.take();
        if (round.length === 0) return;
        this.start(round);
      }
    });
  }

  private start(round: T[]): void {
    metrics.coalescedRound.observe(round.length);
    const keys = round.map(this.keyOf);
    for (const k of keys) this.busy.add(k);
    this.running++;
    // run reports each item's outcome itself; a failure of run itself surfaces as an unhandled rejection, as before.
    void this.run(round).finally(() => {
      for (const k of keys) this.busy.delete(k);
      this.running--;
      this.schedule();
    });
  }

  private take(): T[] {
    const keys = new Set<string>();
    const round: T[] = [];
    const rest: T[] = [];
    for (const item of this.queue) {
      const key = this.keyOf(item);
      if (round.length < this.limit && !keys.has(key) && !this.busy.has(key)) {
        keys.add(key);
        round.push(item);
      } else {
        // A later item on a key already passed over waits too, so a key's items keep their order.
        keys.add(key);
        rest.push(item);
      }
    }
    this.queue = rest;
    return round;
  }
}
