/**
 * Run-time calls in flight (resolve): production services wait on them,
 * people wait on lists. While one is in flight the list guard lets fewer list
 * queries run (QueryGuard), so a burst of searches cannot take the CPU and the
 * connections a resolve needs.
 */
export class ServiceCalls {
  private inFlight = 0;

  get busy(): boolean {
    return this.inFlight > 0;
  }

  async during<T>(call: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await call();
    } finally {
      this.inFlight -= 1;
    }
  }
}
