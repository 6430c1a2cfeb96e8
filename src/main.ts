/** The bundle's entry: runs the command line and exits with its code. */
import { closeSync } from 'node:fs';
import { main } from './cli.js';

/** The terminal is gone (its window closed): writes to it fail with EIO. */
let terminalGone = false;

// Output piped into `head` that stops reading is not an error worth a stack trace; a terminal
// that was closed is not one either (SIGHUP brings the screen down; what is left to say has
// nowhere to go).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  if (error.code === 'EIO') terminalGone = true;
  else throw error;
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EIO' || error.code === 'EPIPE') terminalGone = true;
  else throw error;
});

process.exitCode = await main(process.argv.slice(2));

// Node puts the terminal's settings back as it exits, and aborts (a native assertion, exit 134)
// when the terminal is no longer there to take them. After a hang-up (129) or a write the
// closed terminal refused, there is nothing to put back: the standard streams are let go first.
if (terminalGone || process.exitCode === 129) {
  for (const fd of [0, 1, 2]) {
    try {
      closeSync(fd);
    } catch {
      // already gone
    }
  }
}
