/**
 * What Mermaid's stateDiagram-v2 grammar (its lexer and rules, stateDiagram.jison) accepts of the
 * statements Ringside writes, line by line: a state named in quotes, a composite opened with a
 * brace right after its id, a move with a label free of `:` and `;`, a note, `[*]` starts and
 * ends, `--` between parallel regions. Ids are what the lexer reads as one: no `-`, `:`, space or
 * brace; braces balance; every id a move names is declared. A problem comes back as a sentence.
 */
const ID = '[A-Za-z0-9_]+';
const STATEMENTS: readonly RegExp[] = [
  new RegExp(`^state "[^"\\n]+" as (${ID})(\\{)?$`),
  new RegExp(`^state (${ID}) \\{$`),
  new RegExp(`^(\\[\\*\\]|${ID}) --> (\\[\\*\\]|${ID})( : [^:;\\n]*[^:;\\s][^:;\\n]*)?$`),
  new RegExp(`^note (?:left|right) of (${ID}) : [^:;\\n]+$`),
  /^\}$/,
  /^--$/,
];

export function mermaidProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.trimEnd().split('\n');
  if (lines[0] !== 'stateDiagram-v2') problems.push('the first line is not stateDiagram-v2');
  const declared = new Set<string>();
  const used: string[] = [];
  let depth = 0;
  lines.slice(1).forEach((raw, i) => {
    const line = raw.trim();
    if (/%%/.test(line)) problems.push(`line ${i + 2}: %% starts a comment`);
    const match = STATEMENTS.map((pattern) => line.match(pattern)).find(Boolean);
    if (!match) return problems.push(`line ${i + 2} is no statement Mermaid reads: ${raw}`);
    if (line.startsWith('state ')) {
      declared.add(match[1]!);
      if (line.endsWith('{')) depth++;
    } else if (line === '}') {
      depth--;
      if (depth < 0) problems.push(`line ${i + 2}: a brace closes nothing`);
    } else if (line.includes('-->')) {
      used.push(match[1]!, match[2]!);
    } else if (line.startsWith('note ')) {
      used.push(match[1]!);
    }
  });
  if (depth !== 0) problems.push(`${depth} brace(s) left open`);
  for (const id of used) if (id !== '[*]' && !declared.has(id)) problems.push(`${id} is moved to or from but never declared`);
  if (/(?:^|\s)default(?:\s|$)/m.test(lines.filter((line) => !line.includes('"')).join('\n'))) problems.push('"default" is a Mermaid keyword');
  return problems;
}
