// The event queue of the simulator: one bucket per simulated minute, each an intrusive linked list of
// clients in typed arrays. A client has at most one pending event, so `schedule` and the walk are O(1)
// per event and memory is O(clients + minutes), with no object per event.
export class MinuteTimeline {
  private readonly head: Int32Array;
  private readonly next: Int32Array;

  constructor(
    readonly horizonMinutes: number,
    clients: number,
  ) {
    this.head = new Int32Array(horizonMinutes).fill(-1);
    this.next = new Int32Array(clients).fill(-1);
  }

  /** Queues `client` at `minute`; events at or past the horizon are dropped (the run ends first). */
  schedule(client: number, minute: number): void {
    if (minute >= this.horizonMinutes) return;
    this.next[client] = this.head[minute]!;
    this.head[minute] = client;
  }

  /** Runs every minute in order. `visit` may schedule only later minutes (intervals are >= 1). */
  run(visit: (client: number, minute: number) => void): void {
    for (let minute = 0; minute < this.horizonMinutes; minute++) {
      let client = this.head[minute]!;
      this.head[minute] = -1;
      while (client !== -1) {
        const following = this.next[client]!;
        visit(client, minute);
        client = following;
      }
    }
  }
}
