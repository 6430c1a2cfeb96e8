/**
 * Whether Mermaid itself reads a diagram: the real parser of the `mermaid` package (the one a
 * slide tool or GitHub runs), in a jsdom window since Mermaid reads its state diagrams through the
 * DOM. Null when it parses, else Mermaid's own sentence of where it stopped.
 */
import { JSDOM } from 'jsdom';

let parser: Promise<(text: string) => Promise<unknown>> | undefined;

function mermaidParser() {
  parser ??= (async () => {
    const window = new JSDOM('<!doctype html><html><body></body></html>').window;
    Object.assign(globalThis, { window, document: window.document });
    const mermaid = (await import('mermaid')).default;
    mermaid.initialize({ startOnLoad: false });
    return (text: string) => mermaid.parse(text);
  })();
  return parser;
}

export async function mermaidProblem(text: string): Promise<string | null> {
  const parse = await mermaidParser();
  try {
    await parse(text);
    return null;
  } catch (error) {
    return String((error as Error).message ?? error).split('\n').slice(0, 3).join('\n');
  }
}
