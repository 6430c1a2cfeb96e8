import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** The terminal's size, redrawn on resize (Ink re-lays out, but a width read once goes stale). */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout?.columns || 80, rows: stdout?.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => {
      // The terminal re-wraps the old frame when it narrows, so erasing it line by line leaves
      // stale lines behind: clear the screen, and the next frame is drawn from the top.
      stdout?.write('\u001B[2J\u001B[H');
      setSize(read());
    };
    stdout?.on('resize', onResize);
    return () => {
      stdout?.off('resize', onResize);
    };
  }, [stdout]); // eslint-disable-line react-hooks/exhaustive-deps
  return size;
}
