import { describe, expect, it } from 'vitest';
import { expandWord, fixedVars, type VarBinding } from '../../src/dockerfile/expand.js';

const env = fixedVars({ HOME: '/home/app', EMPTY: '', SPACED: ' a  b ', NAME: 'app.tar.gz' });

/** Expanded value, or `error: …` when Docker would fail. */
function x(text: string, vars: ReadonlyMap<string, VarBinding> = env): string {
  const r = expandWord(text, vars);
  return r.error ? `error: ${r.error.message}` : r.value;
}

describe('plain references', () => {
  it.each([
    ['$HOME', '/home/app'],
    ['${HOME}/bin', '/home/app/bin'],
    ['pre$HOME.x', 'pre/home/app.x'],
    ['$MISSING', ''],
    ['a${MISSING}b', 'ab'],
    ['$', '$'],
    ['a$.b', 'a$.b'],
    ['he$1x', 'hex'],
    ['$HOME_DIR', ''],
  ])('%s -> %s', (input, expected) => {
    expect(x(input)).toBe(expected);
  });
});

describe('modifiers', () => {
  it.each([
    ['${MISSING:-def}', 'def'],
    ['${EMPTY:-def}', 'def'],
    ['${EMPTY-def}', ''],
    ['${MISSING-def}', 'def'],
    ['${HOME:-def}', '/home/app'],
    ['${HOME:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${MISSING+alt}', ''],
    ['${MISSING:-${ALSO:-${HOME}}}', '/home/app'],
    ['${MISSING:-a b}', 'a b'],
    ["${MISSING:-'q $HOME'}", 'q $HOME'],
    ['${HOME:?must be set}', '/home/app'],
    ['${EMPTY?}', ''],
    ['${NAME#*.}', 'tar.gz'],
    ['${NAME##*.}', 'gz'],
    ['${NAME%.*}', 'app.tar'],
    ['${NAME%%.*}', 'app'],
    ['${NAME/a/A}', 'App.tar.gz'],
    ['${NAME//a/A}', 'App.tAr.gz'],
    ['${NAME/#/x}', 'app.tar.gz'],
    ['${HOME//\\//:}', ':home:app'],
  ])('%s -> %s', (input, expected) => {
    expect(x(input)).toBe(expected);
  });

  it.each([
    ['${MISSING:?must be set}', 'error: MISSING: must be set'],
    ['${MISSING?}', 'error: MISSING: is not allowed to be unset'],
    ['${EMPTY:?}', 'error: EMPTY: is not allowed to be empty'],
    ['${}', 'error: syntax error: bad substitution'],
    ['${:x}', 'error: syntax error: bad substitution'],
    ['${HOME', "error: syntax error: missing '}'"],
    ['${HOME:-x', "error: syntax error: missing '}'"],
    ['${HOME=x}', 'error: unsupported modifier (=) in substitution'],
    ['${HOME:=x}', 'error: unsupported modifier (:=) in substitution'],
    ['${HOME:#x}', 'error: unsupported modifier (:#) in substitution'],
    ['${HOME/x}', "error: syntax error: missing '/' in ${}"],
    ['${NAME#\\x}', "error: invalid pattern (\\x) in substitution: invalid escape '\\x'"],
  ])('%s fails like Docker', (input, expected) => {
    expect(x(input)).toBe(expected);
  });

  it('returns the input unchanged, as unknown, when expansion fails', () => {
    const r = expandWord('a${}', env);
    expect(r).toMatchObject({ value: 'a${}', known: false, words: [], error: { offset: 3 } });
  });
});

describe('quotes and escapes', () => {
  it.each([
    ["'$HOME'", '$HOME'],
    ['"$HOME"', '/home/app'],
    ['"a b"', 'a b'],
    ["he'll'o", 'hello'],
    ['\\$HOME', '$HOME'],
    ['"\\$HOME"', '$HOME'],
    ['\\\\$HOME', '\\/home/app'],
    ['a\\ b', 'a b'],
    ['"a\\tb"', 'a\\tb'],
    ["'a\\'", 'a\\'],
    ['trailing\\', 'trailing'],
    ['"q\\"uote"', 'q"uote'],
  ])('%s -> %s', (input, expected) => {
    expect(x(input)).toBe(expected);
  });

  it.each([
    ['"open', 'error: unexpected end of statement while looking for matching double-quote'],
    ["'open", 'error: unexpected end of statement while looking for matching single-quote'],
  ])('%s fails', (input, expected) => {
    expect(x(input)).toBe(expected);
  });

  it('uses the backtick escape character when the directive says so', () => {
    expect(expandWord('`$HOME C:\\dir', env, { escapeChar: '`' }).value).toBe('$HOME C:\\dir');
  });

  it('treats quotes as text when asked (heredoc bodies)', () => {
    expect(expandWord(`echo "$HOME" '$HOME'`, env, { skipQuotes: true }).value).toBe(`echo "/home/app" '/home/app'`);
  });
});

describe('word splitting after expansion', () => {
  it.each([
    ['80 443/udp', ['80', '443/udp']],
    ['x${SPACED}y', ['x', 'a', 'b', 'y']],
    ['x"${SPACED}"y', ['x a  b y']],
    ['"a b" c', ['a b', 'c']],
    ['a\\ b', ['a b']],
    ['$MISSING', []],
  ])('%s -> %j', (input, expected) => {
    expect(expandWord(input, env).words).toEqual(expected);
  });
});

describe('unknown values', () => {
  const vars = new Map<string, VarBinding>([
    ['APPUSER', { value: undefined, certainty: 'overridable' }],
    ['VERSION', { value: '1.2', certainty: 'overridable' }],
    ['TARGETARCH', { value: undefined, certainty: 'opaque' }],
    ['USER', { value: 'app', certainty: 'fixed' }],
    ['EMPTY', { value: '', certainty: 'fixed' }],
  ]);

  it('uses an ARG default but says it can be overridden', () => {
    expect(expandWord('app:$VERSION', vars)).toMatchObject({ value: 'app:1.2', known: false, unknownVars: ['VERSION'] });
  });

  it('resolves ${X:-root} to the default when X has none, still overridable', () => {
    expect(expandWord('${APPUSER:-root}', vars)).toMatchObject({ value: 'root', known: false, unknownVars: ['APPUSER'] });
  });

  it('treats an ARG without default as unset in the default build', () => {
    expect(expandWord('u$APPUSER', vars)).toMatchObject({ value: 'u', known: false, unknownVars: ['APPUSER'] });
    expect(expandWord('${APPUSER:?required}', vars)).toMatchObject({ value: '', known: false, error: undefined });
  });

  it('keeps opaque builder values visible as written', () => {
    expect(expandWord('golang:1.22-$TARGETARCH', vars)).toMatchObject({
      value: 'golang:1.22-$TARGETARCH',
      known: false,
      unknownVars: ['TARGETARCH'],
    });
    expect(expandWord('arch=${TARGETARCH:-amd64}', vars).value).toBe('arch=${TARGETARCH:-amd64}');
    expect(expandWord('${TARGETARCH%64}', vars).value).toBe('${TARGETARCH%64}');
  });

  it('ignores the unused branch of a fixed variable', () => {
    expect(expandWord('${USER:-$APPUSER}', vars)).toMatchObject({ value: 'app', known: true, unknownVars: [] });
    expect(expandWord('${EMPTY:-$VERSION}', vars)).toMatchObject({ value: '1.2', known: false, unknownVars: ['VERSION'] });
  });

  it('keeps both branches of an overridable variable', () => {
    expect(expandWord('${VERSION:+v$USER$APPUSER}', vars)).toMatchObject({
      value: 'vapp',
      known: false,
      unknownVars: ['APPUSER', 'VERSION'],
    });
  });

  it('is known when single quotes hide an unknown', () => {
    expect(expandWord("'$APPUSER'", vars)).toMatchObject({ value: '$APPUSER', known: true, unknownVars: [] });
  });

  it('reports undeclared names, certain or not per the undeclared binding', () => {
    expect(expandWord('$NOPE', vars)).toMatchObject({ value: '', known: true, undefinedVars: ['NOPE'] });
    const maybe = expandWord('${NOPE:-x}', vars, { undeclared: { value: undefined, certainty: 'overridable' } });
    expect(maybe).toMatchObject({ value: 'x', known: false, unknownVars: ['NOPE'], undefinedVars: ['NOPE'] });
  });

  it('locates every reference', () => {
    expect(expandWord('a $USER ${APPUSER:-$EMPTY}', vars).references).toEqual([
      { name: 'USER', start: 2, end: 7 },
      { name: 'EMPTY', start: 19, end: 25 },
      { name: 'APPUSER', start: 8, end: 26 },
    ]);
  });
});
