import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    // Most of the time of the slow files is spent waiting on real processes (the bin in tmux,
    // baresip, SQLite locks held by another process), not on the CPU: three files run at once on
    // two cores (Vitest's default would be one).
    fileParallelism: true,
    maxWorkers: 3,
    // A worker's modules serve every file it runs (loading them again for each file cost a third
    // of the run); what a file sets for itself is set back before the next (tests/setup/each-file.ts).
    isolate: false,
    setupFiles: ['tests/setup/each-file.ts'],
  },
});
