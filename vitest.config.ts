import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    // The terminal tests drive real processes in tmux; two cores are plenty for the rest.
    fileParallelism: true,
  },
});
