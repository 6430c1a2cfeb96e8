/** The bundle's entry: runs the command line and exits with its code. */
import { closeSync } from 'node:fs';
import { main } from './cli.js';
import { said } from './language.js';

/** The terminal is gone (its window closed): writes to it fail with EIO. */
let terminalGone = false;

// Output piped into `head` that stops reading is not an error worth a stack trace; a terminal
// that was closed is not one either (the screen comes down as for SIGHUP; what is left to say
// has nowhere to go). Output that cannot be written (`> file` on a full disk) ends the command
// with a sentence: what was written is incomplete (a redirection's file is the shell's, not
// Ringside's to remove).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  if (error.code === 'EIO') {
    terminalGone = true;
    return;
  }
  const code = /^[A-Z]{2,12}$/.test(error.code ?? '') ? error.code : 'error';
  const full = code === 'ENOSPC' || code === 'EDQUOT';
  process.stderr.write(
    `ringside: ${said({
      'zh-CN': `输出写不进去（${code}：${full ? '磁盘满了' : '请检查它写到哪里'}）；到此为止，已写出的部分不完整。`,
      en: `the output could not be written (${code}: ${full ? 'the disk is full' : 'check where it goes'}); it stops here, and what was written is incomplete.`,
    })}\n`,
  );
  process.exit(1);
});
// A standard error that cannot be written has no one to tell; the exit code still says how it went.
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EIO') terminalGone = true;
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
