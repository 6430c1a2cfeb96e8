/** The bundle's entry: runs the command line and exits with its code. */
import { main } from './cli.js';

// Output piped into `head` that stops reading is not an error worth a stack trace. Output that
// cannot be written (`> file` on a full disk) ends the command with a sentence: what was written
// is incomplete (a redirection's file is the shell's, not Ringside's to remove).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  const code = /^[A-Z]{2,12}$/.test(error.code ?? '') ? error.code : 'error';
  const why = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : 'check where it goes';
  process.stderr.write(`ringside: the output could not be written (${code}: ${why}); it stops here, and what was written is incomplete.\n`);
  process.exit(1);
});
// A standard error that cannot be written has no one to tell; the exit code still says how it went.
process.stderr.on('error', () => {});

process.exitCode = await main(process.argv.slice(2));
