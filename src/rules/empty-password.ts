import type { Range } from '../dockerfile/ast.js';
import type { RunAnalysis, ShellCommand } from '../dockerfile/shell.js';
import { defineRule, type ImageContext, type DockerfileContext } from '../engine/rule.js';
import { layerName } from './image-helpers.js';
import { commandsNamed, invocationRange, invocations, namePattern, programOf, readArgs, shellIf, wordRange, type Arg, type Invocation, type RunText } from './shell-helpers.js';

// Prefilter (see shell-helpers): the check reads `passwd -d`, `useradd`/`usermod -p`, chpasswd fed
// a `name:` line with nothing after the colon, and /etc/shadow or /etc/passwd written with an empty
// field (`name::`); each shape has to be in the text.

const PASSWD = new RegExp(namePattern('passwd'), 'g');
const DELETE_OPTION = /(?<![^\s])-(?:[A-Za-z]*d|-delete)/;
const USER_TOOLS = new RegExp(namePattern('useradd|usermod'), 'g');
/**
 * `-p`/`--password` given an empty value: unquoted, the option, `=` or one blank, then a word's end
 * (`-p ''`, `--password=""`, exec form's `"-p", ""`).
 */
const EMPTY_PASSWORD_OPTION = /(?<![^\s])(?:-[A-Za-z]*p|--password)[=\s](?=[\s;&|()<>]|$)/;
const CHPASSWD = new RegExp(namePattern('chpasswd'));
/**
 * In the text as written, a colon with nothing after it but blanks up to the end of a line or of a
 * word: a line break, a quote, an operator, or the `\n` that echo -e and printf turn into one.
 */
const EMPTY_AFTER_COLON = /:[ \t]*(?:$|\s|["'|;&)<>]|\\n)/;
const ACCOUNT_FILE = /\/etc\/(?:shadow|passwd)\b/;

/** Whether the RUN may leave an account with an empty password in one of the ways the check reads. */
export function mayEmptyPassword(text: RunText): boolean {
  const { raw, words } = text;
  // Each pattern only where its literal is: most RUNs name none of these.
  return (
    (words.includes('passwd') && commandsNamed(text, PASSWD).some((passwd) => DELETE_OPTION.test(passwd))) ||
    (words.includes('user') && EMPTY_PASSWORD_OPTION.test(words) && commandsNamed(text, USER_TOOLS).some((useradd) => EMPTY_PASSWORD_OPTION.test(useradd))) ||
    (words.includes('chpasswd') && CHPASSWD.test(words) && EMPTY_AFTER_COLON.test(raw)) ||
    (words.includes('/etc/') && ACCOUNT_FILE.test(words) && words.includes('::'))
  );
}

/** The files where an account's password field lives. */
const ACCOUNT_FILES = /^\/etc\/(?:shadow|passwd)$/;

const WHY =
  'anyone in the container can become that user with `su` (or log in, if a login service runs) without a password. Lock the account instead (`passwd -l`, `usermod -L`, or `adduser --disabled-password`); if a password is needed, pass it as a build secret.';

const messages = {
  imageEmpty: (user: string, layer: string) =>
    `/etc/shadow gives '${user}' an empty password field, from ${layer}: anyone can log in as that account without a password (su, login, a remote shell if one is installed). Lock it instead ('passwd -l ${user}', or '!' or '*' in the field).`,
  emptied: (how: string, account: string) => `\`${how}\` leaves ${account} with an empty password: ${WHY}`,
  emptyField: (file: string, account: string) => `${file} is written with an empty password field for ${account}: ${WHY}`,
};

export default defineRule({
  meta: {
    id: 'empty-password',
    title: 'Account given an empty password',
    severity: 'error',
    securitySeverity: 8,
    tags: ['security', 'privilege', 'authentication'],
    sources: ['dockle:DKL-LI-0001'],
    fixable: false,
    docs: {
      description:
        'Reports RUN commands that give an account an empty password: `passwd -d user`, `chpasswd` fed a `user:` line with nothing after the colon (through `echo`, `printf`, a here-string or a heredoc), `useradd`/`usermod -p \'\'` (`--password \'\'`), and /etc/shadow or /etc/passwd written with an empty password field (`echo \'guest::…\' >> /etc/passwd`, `sed -i \'s/^root:[^:]*:/root::/\' /etc/shadow`). `adduser --disabled-password`, `adduser -D`, `passwd -l` and `usermod -L` lock the password instead, which is what images should do; they are fine.',
      rationale:
        'An empty password is no password: `su` to that account works for every process in the container, and any service that authenticates against /etc/shadow (sshd with PermitEmptyPasswords, a console login) lets anyone in. An empty root password turned the Alpine images of 2015–2019 into a privilege escalation (CVE-2019-5021). Lock accounts that need no password.',
      incorrect: [
        { code: 'FROM alpine:3.20\nRUN adduser -D app && passwd -d app\nUSER app\n' },
        { code: "FROM debian:12\nRUN useradd -m tester && echo 'tester:' | chpasswd\n" },
      ],
      correct: [
        { code: 'FROM debian:12\nRUN adduser --disabled-password --gecos "" app\nUSER app\n', note: 'A locked password, not an empty one.' },
        { code: 'FROM alpine:3.20\nRUN passwd -l root\n' },
      ],
      image:
        'In a scanned image: each account whose `/etc/shadow` password field is empty, by name.',
    },
    messages,
  },
  dockerfile: (ctx) => ({
    RUN: (ins) => {
      const analysis = shellIf(ctx, ins, mayEmptyPassword);
      if (!analysis) return;
      for (const inv of invocations(analysis)) {
        if (inv.program === 'passwd') checkPasswd(ctx, analysis, inv);
        else if (inv.program === 'chpasswd') checkChpasswd(ctx, analysis, inv);
        else if (inv.program === 'useradd' || inv.program === 'usermod') checkUseradd(ctx, analysis, inv);
        else if (inv.program === 'sed') checkSed(ctx, analysis, inv);
        else checkAccountFileWrite(ctx, analysis, inv);
      }
    },
  }),
  image: checkImage,
});

/** `passwd -d user` (shadow and busybox), `passwd --delete user`. */
function checkPasswd(ctx: DockerfileContext, analysis: RunAnalysis, inv: Invocation): void {
  const args = readArgs(inv.args, { shortValue: 'nwxirRPaA', longValue: ['mindays', 'maxdays', 'warndays', 'inactive', 'repository', 'root', 'prefix'] });
  if (!args.some((a) => (a.kind === 'short' && a.letter === 'd') || (a.kind === 'long' && a.name === 'delete'))) return;
  const user = args.find((a) => a.kind === 'operand');
  const account = user ? accountName(user.word.value ?? user.word.text) : 'the account running the step';
  report(ctx, invocationRange(analysis, inv), 'passwd -d', account);
}

const USERADD = {
  shortValue: 'bcdefgGkKpsuRPZ',
  longValue: ['base-dir', 'comment', 'home-dir', 'expiredate', 'inactive', 'gid', 'groups', 'skel', 'key', 'password', 'shell', 'uid', 'root', 'prefix', 'selinux-user'],
};
const USERMOD = {
  shortValue: 'cdefgGlpsuRPZvVwW',
  longValue: ['comment', 'home', 'expiredate', 'inactive', 'gid', 'groups', 'login', 'password', 'shell', 'uid', 'root', 'prefix', 'selinux-user', 'add-subuids', 'del-subuids', 'add-subgids', 'del-subgids'],
};

/** `useradd -p '' user`, `usermod --password= user`: the encrypted password given is empty. */
function checkUseradd(ctx: DockerfileContext, analysis: RunAnalysis, inv: Invocation): void {
  const args = readArgs(inv.args, inv.program === 'useradd' ? USERADD : USERMOD);
  const password = args.find((a) => (a.kind === 'short' && a.letter === 'p') || (a.kind === 'long' && a.name === 'password'));
  if (!password || password.kind === 'operand' || !password.value || password.value.word.value === undefined) return;
  if (password.value.text !== '') return;
  const user = args.filter((a) => a.kind === 'operand').pop();
  const account = user ? accountName(user.word.value ?? user.word.text) : 'the account';
  report(ctx, wordRange(analysis, password.value.word), `${inv.program} ${password.kind === 'short' ? "-p ''" : "--password ''"}`, account);
}

/** `chpasswd` reading `user:` lines from echo/printf, a here-string or a heredoc. */
function checkChpasswd(ctx: DockerfileContext, analysis: RunAnalysis, inv: Invocation): void {
  const command = inv.command;
  for (const source of inputsOf(analysis, command)) {
    const empty = source.text.split('\n').map((line) => /^\s*([^:\s]+):\s*$/.exec(line)?.[1]).find((name) => name !== undefined);
    if (empty) report(ctx, source.range, 'chpasswd', accountName(empty));
  }
}

/** What a command reads on stdin, where it is statically known. */
function inputsOf(analysis: RunAnalysis, command: ShellCommand): { text: string; range: Range }[] {
  const out: { text: string; range: Range }[] = [];
  for (const r of command.redirects) {
    if ((r.fd ?? 0) !== 0) continue;
    if (r.heredoc) out.push({ text: r.heredoc.body, range: wordRange(analysis, { ...r.target!, start: r.start }) });
    else if (r.operator === '<<<' && r.target?.value !== undefined) out.push({ text: r.target.value, range: wordRange(analysis, r.target) });
  }
  const writer = command.pipeFrom === undefined ? undefined : analysis.script.commands[command.pipeFrom];
  const program = programOf(writer?.name);
  if (writer && (program === 'echo' || program === 'printf')) {
    const words = writer.args.filter((w, i) => !(i === 0 && program === 'echo' && /^-[neE]+$/.test(w.value ?? '')));
    if (words.length > 0 && words.every((w) => w.value !== undefined)) {
      // echo -e and printf turn `\n` into line breaks; a plain echo line with `\n` in it is odd enough to read the same way.
      const text = words.map((w) => w.value!).join(program === 'printf' ? '' : ' ').replace(/\\n/g, '\n');
      out.push({ text, range: analysis.toRange(words[0]!.start, words[words.length - 1]!.end) });
    }
  }
  return out;
}

/** `echo 'guest::19000:0:99999:7:::' >> /etc/shadow`, or a heredoc into /etc/passwd: an empty second field. */
function checkAccountFileWrite(ctx: DockerfileContext, analysis: RunAnalysis, inv: Invocation): void {
  const targets = inv.command.redirects.filter((r) => r.operator.startsWith('>')).map((r) => r.target?.value ?? '');
  if (inv.program === 'tee') targets.push(...inv.args.map((w) => w.value ?? ''));
  const file = targets.find((t) => ACCOUNT_FILES.test(t));
  if (!file) return;
  const texts: { text: string; range: Range }[] = [];
  if (inv.program === 'echo' || inv.program === 'printf') {
    for (const w of inv.args) if (w.value !== undefined) texts.push({ text: w.value.replace(/\\n/g, '\n'), range: wordRange(analysis, w) });
  }
  for (const r of inv.command.redirects) if (r.heredoc) texts.push({ text: r.heredoc.body, range: wordRange(analysis, { ...r.target!, start: r.start }) });
  for (const { text, range } of texts) {
    const name = /^([^:\s#]+)::/m.exec(text)?.[1];
    if (name) ctx.report({ range, message: messages.emptyField(file, accountName(name)), subject: `${file} ${name}::` });
  }
}

/** `sed -i 's/^root:[^:]*:/root::/' /etc/shadow`: a substitution that empties the password field. */
function checkSed(ctx: DockerfileContext, analysis: RunAnalysis, inv: Invocation): void {
  const args = readArgs(inv.args, { shortValue: 'efl', longValue: ['expression', 'file', 'line-length'] });
  const operands = args.filter((a) => a.kind === 'operand').map((a) => a.word);
  const isExpression = (a: Arg) => (a.kind === 'short' && a.letter === 'e') || (a.kind === 'long' && a.name === 'expression');
  const expressions = args.flatMap((a) => (a.kind !== 'operand' && isExpression(a) && a.value ? [a.value.word] : []));
  if (expressions.length === 0 && operands[0]) expressions.push(operands.shift()!);
  const file = operands.map((w) => w.value ?? '').find((v) => ACCOUNT_FILES.test(v));
  if (!file) return;
  for (const e of expressions) {
    const name = /^s(.)(?:\\.|(?!\1).)*\1([A-Za-z_][\w.-]*|\\\d)::/.exec(e.value ?? '')?.[2];
    if (name) ctx.report({ range: wordRange(analysis, e), message: messages.emptyField(file, /^\\\d$/.test(name) ? 'the matched account' : accountName(name)), subject: `${file} ${e.value}` });
  }
}

function accountName(name: string): string {
  return name === 'root' || name === '0' ? 'root' : `account '${name}'`;
}

function report(ctx: DockerfileContext, range: Range, how: string, account: string): void {
  ctx.report({ range, message: messages.emptied(how, account), subject: `${how} ${account}` });
}

/** Accounts whose /etc/shadow password field is empty. */
function checkImage(ctx: ImageContext): void {
  const version = ctx.image.fs.get('etc/shadow');
  const text = ctx.image.textOf('etc/shadow');
  if (!version || text === undefined) return;
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 2 || fields[0] === '' || fields[1] !== '') continue;
    const user = fields[0]!;
    ctx.report({ version, message: messages.imageEmpty(user, layerName(ctx.image, version.layer)), subject: `etc/shadow ${user}`, properties: { user } });
  }
}
