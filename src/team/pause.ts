/**
 * The pause of a loop that runs beside the screen (the uploader, the board's reader): it ends when
 * its time is up, or at once when something wakes it (a saved call, a notification, a stop).
 */

/**
 * Waits `ms`, or until the function handed to `wakeWith` is called, whichever comes first; once
 * the pause is over `wakeWith` is handed null. `keepAlive` false: the wait alone does not keep
 * the process running.
 */
export function pause(ms: number, wakeWith: (wake: (() => void) | null) => void, keepAlive = true): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    if (!keepAlive) timer.unref?.();
    function done() {
      clearTimeout(timer);
      wakeWith(null);
      resolve();
    }
    wakeWith(done);
  });
}
