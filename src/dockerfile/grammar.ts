import { EmbeddedActionsParser, type IToken, type TokenType } from 'chevrotain';
import type { DockerfileLexer } from './lexer.js';

/** One instruction's tokens, as the grammar groups them. */
export interface RawInstruction {
  keyword: IToken;
  /** Text runs, heredoc markers, lone `<` and continuations after the keyword. */
  args: IToken[];
  bodies: IToken[];
}

export interface RawFile {
  instructions: RawInstruction[];
  comments: IToken[];
}

/**
 * The file-level grammar. A Dockerfile is a flat sequence of lines, so the grammar is small: what it
 * buys is one place that says which token may follow which, with chevrotain's recovery should a
 * token ever arrive out of place (it then skips that token and goes on with the next line).
 */
class DockerfileGrammar extends EmbeddedActionsParser {
  constructor(private readonly t: DockerfileLexer['tokens'], allTokens: TokenType[]) {
    super(allTokens, { recoveryEnabled: true, skipValidations: true });
    this.performSelfAnalysis();
  }

  // The alternatives are built once: chevrotain's OR takes a fresh array of closures otherwise, and
  // allocating it per token was most of the parser's garbage.
  private readonly lineAlts = [
    { ALT: () => this.CONSUME(this.t.Newline) },
    { ALT: () => this.CONSUME(this.t.Comment) },
    { ALT: () => this.SUBRULE(this.instruction) },
    // Bodies whose instruction ended at EOF without a newline never reach here; stray bodies are
    // impossible by construction but are kept so recovery has a path.
    { ALT: () => this.CONSUME(this.t.HeredocBody) },
  ];

  private readonly argAlts = [
    { ALT: () => this.CONSUME(this.t.Text) },
    { ALT: () => this.CONSUME(this.t.HeredocMarker) },
    { ALT: () => this.CONSUME(this.t.Angle) },
    { ALT: () => this.CONSUME(this.t.Continuation) },
  ];

  file = this.RULE('file', (): RawFile => {
    const instructions: RawInstruction[] = [];
    const comments: IToken[] = [];
    this.MANY(() => {
      const item = this.OR<IToken | RawInstruction>(this.lineAlts);
      // During grammar recording (performSelfAnalysis) OR returns a placeholder.
      if (!item || typeof item !== 'object') return;
      if ('keyword' in item) instructions.push(item);
      else if (item.tokenType === this.t.Comment) comments.push(item);
    });
    return { instructions, comments };
  });

  instruction = this.RULE('instruction', (): RawInstruction => {
    const keyword = this.CONSUME(this.t.Keyword);
    const args: IToken[] = [];
    const bodies: IToken[] = [];
    this.MANY(() => {
      args.push(this.OR(this.argAlts));
    });
    this.OPTION(() => {
      this.CONSUME2(this.t.Newline);
      this.MANY2(() => bodies.push(this.CONSUME2(this.t.HeredocBody)));
    });
    return { keyword, args, bodies };
  });
}

const grammars = new WeakMap<DockerfileLexer, DockerfileGrammar>();

export function parseTokens(lexer: DockerfileLexer, tokens: IToken[]): RawFile {
  let grammar = grammars.get(lexer);
  if (!grammar) {
    const t = lexer.tokens;
    grammar = new DockerfileGrammar(t, [
      t.Newline,
      t.ArgsNewline,
      t.Comment,
      t.Keyword,
      t.Text,
      t.Continuation,
      t.HeredocMarker,
      t.HeredocBody,
      t.Angle,
    ]);
    grammars.set(lexer, grammar);
  }
  grammar.input = tokens;
  const result = grammar.file();
  return result ?? { instructions: [], comments: [] };
}
