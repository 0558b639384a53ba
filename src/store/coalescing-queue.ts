import { metrics } from '../metrics/metrics.ts';

/**
 * CoalescingQueue runs work as it arrives, sharing rounds: while one round is
 * in flight, the items that arrive queue up, and the next round takes them all
 * (up to limit, one per key; a second item on a key waits for the next round,
 * so it sees the first). A lone item waits for nothing.
 */
export class CoalescingQueue<T> {
  private queue: T[] = [];
  private running = false;

  /** run does one round's work; keyOf names what an item works on; limit caps a round. */
  constructor(
    private readonly run: (round: T[]) => Promise<void>,
    private readonly keyOf: (item: T) => string,
    private readonly limit: number,
  ) {}

  /** submit queues item for the next round; run reports its outcome, not submit. */
  submit(item: T): void {
    this.queue.push(item);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // Let requests already received reach the queue first: on PGlite a whole
      // transaction runs without yielding to the event loop, so without this
      // each request would find the queue empty and run alone.
      for (await yieldTurn(); this.queue.length > 0; await yieldTurn()) {
        const round = this.take();
        metrics.coalescedRound.observe(round.length);
        await this.run(round);
      }
    } finally {
      this.running = false;
    }
  }

  private take(): T[] {
    const keys = new Set<string>();
    const round: T[] = [];
    const rest: T[] = [];
    for (const item of this.queue) {
      const key = this.keyOf(item);
      if (round.length < this.limit && !keys.has(key)) {
        keys.add(key);
        round.push(item);
      } else rest.push(item);
    }
    this.queue = rest;
    return round;
  }
}

/** yieldTurn waits for the event loop's next turn, after pending I/O callbacks. */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
