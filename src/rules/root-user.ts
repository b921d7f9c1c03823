import type { Range } from '../dockerfile/ast.js';
import { rootBase, type DockerfileModel, type ImageReference, type StageModel, type UserSetting } from '../dockerfile/model.js';
import { defineRule, type ImageContext } from '../engine/rule.js';
import { parsePasswd } from './image-helpers.js';

export const messages = {
  imageRoot: (user: string, why: string) =>
    `the image runs as root (${why}). A process that escapes or is exploited then holds root inside the container and on any mounted volume. Create an unprivileged user and set it in the Dockerfile ('USER 10001:10001' or a named user)${user ? '' : ''}`,
  rootUser: (user: string, where: string) =>
    `the final image runs as root: its last USER is '${user}'${where}. A process that escapes or is exploited then holds root inside the container and on any mounted volume. Switch to an unprivileged user at the end, e.g. 'USER 10001:10001' or a named user you create`,
  noUser: (base: string) =>
    `the final image sets no USER, so it runs as ${base}. A process that escapes or is exploited then holds root inside the container and on any mounted volume. Create an unprivileged user and end with 'USER <name>' (or a numeric 'USER 10001:10001')`,
};

/** The user part of `user[:group]` names root: `root`, UID 0, or Windows' `ContainerAdministrator`. */
function isRootUser(value: string): boolean {
  const user = value.split(':')[0]!.trim();
  return user === 'root' || /^0+$/.test(user) || user.toLowerCase() === 'containeradministrator';
}

/**
 * Base images that say in their name or tag that they run unprivileged (distroless `:nonroot`,
 * `nginxinc/nginx-unprivileged`): with no USER of our own, theirs applies, so we trust the name.
 */
function declaresNonRoot(image: ImageReference): boolean {
  const name = `${image.path.slice(image.path.lastIndexOf('/') + 1)}:${image.tag ?? ''}`;
  return /(?:^|[-_.:])(?:nonroot|non-root|unprivileged|rootless)(?:$|[-_.:])/i.test(name);
}

/** Where a USER came from, when it is not simply the final stage's own USER line. */
function origin(setting: UserSetting, final: StageModel): string {
  const via = setting.value.known ? [] : [`resolved from ${setting.value.unknownVars.map((v) => `\${${v}}`).join(', ')}`];
  if (setting.stage !== final) via.push(`set in stage '${setting.stage.name ?? setting.stage.index}'`);
  return via.length === 0 ? '' : ` (${via.join('; ')})`;
}

/** The image word of the final stage's FROM. */
function fromImageRange(model: DockerfileModel, final: StageModel): Range | undefined {
  if (!final.from) return undefined;
  return model.instructions[final.from.index]?.args[0]?.raw.range ?? final.from.args.range;
}

export default defineRule({
  meta: {
    id: 'root-user',
    title: 'Final image runs as root',
    severity: 'warning',
    securitySeverity: 7.0,
    tags: ['security', 'privilege', 'cis'],
    sources: ['hadolint:DL3002', 'trivy:DS-0002', 'dockle:CIS-DI-0001', 'cis-docker:4.1', 'checkov:CKV_DOCKER_3', 'checkov:CKV_DOCKER_8'],
    fixable: false,
    docs: {
      description:
        "Reports when the final stage, the image `docker build` produces, runs as root: its last USER (inherited through `FROM <stage>` chains, with ARG and ENV defaults resolved) is `root`, UID `0` or `ContainerAdministrator`, with or without a group, or no USER is set anywhere in its chain. With no USER the image runs as its base image's user, which is root for almost every base image and always for `scratch`; the rule cannot see inside the base, so it reports this case too, at the final FROM, unless the base image's name or tag says it runs unprivileged (distroless `:nonroot`, `nginxinc/nginx-unprivileged`). Builder stages never fire: they are discarded. A USER whose value comes from an ARG with no default is decided at build time and is not reported.",
      rationale:
        "Root in a container is the same UID 0 as on the host, kept in check only by namespaces, capabilities and seccomp. A kernel or runtime escape, a writable host mount or a misconfigured `--privileged` turns an exploited process into host root. Install packages as root, then create an unprivileged user and switch to it with `USER` as the last step; numeric IDs (`USER 10001:10001`) also satisfy Kubernetes' `runAsNonRoot`. If the base image already runs as a non-root user, repeat its USER so the intent is visible and checked.",
      incorrect: [
        { code: 'FROM python:3.12-slim\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n', note: 'No USER: the container runs as root.' },
        {
          code: 'FROM node:22-slim\nRUN useradd --create-home app\nUSER app\nRUN npm install -g pm2\nUSER root\nCMD ["pm2-runtime", "server.js"]\n',
          note: 'The last USER wins.',
        },
      ],
      correct: [
        { code: 'FROM python:3.12-slim\nRUN useradd --uid 10001 app\nCOPY app.py /app/\nUSER 10001:10001\nCMD ["python", "/app/app.py"]\n' },
        {
          code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nUSER nonroot:nonroot\nCMD ["/app"]\n',
          note: 'The builder stage runs as root; only the final stage matters.',
        },
      ],
      image:
        "In a scanned image: the config's User is empty, `root`, `0`, `0:<group>`, or a name that the image's own `/etc/passwd` gives uid 0.",
    },
    messages,
  },
  dockerfile(ctx) {
    return {
      fileEnd() {
        const final = ctx.model.finalStage;
        if (!final) return;
        const setting = final.end.user;
        if (setting) {
          const value = setting.value.value;
          // An empty value means an ARG with no default: the user is chosen at build time.
          if (setting.value.error || value.trim() === '' || !isRootUser(value)) return;
          const range = setting.instruction.args.range;
          ctx.report({ range, message: messages.rootUser(value, origin(setting, final)), subject: `USER ${value}` });
          return;
        }
        const range = fromImageRange(ctx.model, final);
        if (!range) return; // a fragment with no FROM: nothing to say what it runs as
        const base = rootBase(final);
        if (base.kind === 'image' && declaresNonRoot(base.image)) return;
        const runsAs = base.kind === 'scratch' ? 'root (a scratch image has no users of its own)' : "its base image's user, which is root for most images";
        ctx.report({ range, message: messages.noUser(runsAs), subject: 'no USER' });
      },
    };
  },
  image: checkImage,
});

/** The config's User: empty, root, 0, `0:x`, or a name that /etc/passwd gives uid 0. */
function checkImage(ctx: ImageContext): void {
  if (!ctx.image.hasConfig) return;
  const value = ctx.image.config.user.trim();
  const user = value.split(':')[0]!.trim();
  let why: string | undefined;
  if (value === '') why = 'its config sets no User';
  else if (isRootUser(value)) why = `its config User is '${value}'`;
  else if (!/^\d+$/.test(user)) {
    const entry = parsePasswd(ctx.image.textOf('etc/passwd')).find((e) => e.name === user);
    if (entry?.uid === 0) why = `its config User is '${value}', which /etc/passwd gives uid 0`;
  }
  if (why) ctx.report({ message: messages.imageRoot(value, why), subject: 'user', config: { field: 'user' } });
}
