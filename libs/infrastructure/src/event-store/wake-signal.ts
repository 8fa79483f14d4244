/**
 * A latched wake-up: `notify()` before `wait()` is not lost, it makes the next `wait()` return at once.
 * A subscription clears the latch just before reading, so a notification that arrives during the read
 * causes one more read instead of being missed.
 */
export class WakeSignal {
  private latched = false;
  private waiter: (() => void) | undefined;

  notify(): void {
    this.latched = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  clear(): void {
    this.latched = false;
  }

  /** Resolves on the next notification, or after `timeoutMs` (the polling fallback). */
  async wait(timeoutMs: number): Promise<void> {
    if (this.latched) {
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiter = done;
    });
  }
}
