/** The bundle's entry: runs the command line and exits with its code. */
import { main } from './cli.js';

// Output piped into `head` that stops reading is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
