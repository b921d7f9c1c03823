/** True samples and look-alikes of the detectors in src/secrets/detectors/dev.ts (and kin). */
import {
  BASE62,
  BASE64,
  BASE64URL,
  DIGITS,
  HEX,
  LOWER,
  UPPER,
  bcryptHash,
  certificateBlock,
  make,
  openSshKey,
  pem,
  random,
} from '../samples.js';
import type { DetectorCases } from './types.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const pw = (seed: number) => make.urlPassword(seed);

// Provider tokens, split so that no literal in this file has a token's shape.
const rubygems = (seed: number) => 'ruby' + 'gems_' + random(HEX, 48, seed);
const nuget = (seed: number) => 'oy' + '2' + random(LOWER + DIGITS, 43, seed);
const akcp = (seed: number) => 'AK' + 'Cp' + random(BASE62, 69, seed);
const reftkn = (seed: number) => b64('reft' + 'kn:01:1893456000:' + random(BASE62, 27, seed));
const clojars = (seed: number) => 'CLO' + 'JARS_' + random(HEX, 60, seed);
const crates = (seed: number) => 'ci' + 'o' + random(BASE62, 32, seed);
const atbb = (seed: number) => 'AT' + 'BB' + random(BASE62, 32, seed);
const gitlab = (prefix: string, length: number, seed: number) => prefix + random(BASE64URL, length, seed);
const openaiAdmin = (seed: number) => 's' + 'k-admin-' + random(BASE64URL, 58, seed) + 'T3Bl' + 'bkFJ' + random(BASE64URL, 58, seed + 1);
const anthropicAdmin = (seed: number) => 's' + 'k-ant-admin01-' + random(BASE64URL, 93, seed) + 'AA';
const groq = (seed: number) => 'gs' + 'k_' + random(BASE62, 52, seed);
const replicate = (seed: number) => 'r8' + '_' + random(BASE62, 37, seed);
const pplx = (seed: number) => 'pp' + 'lx-' + random(BASE62, 48, seed);
const xai = (seed: number) => 'xa' + 'i-' + random(BASE62, 80, seed);
const openrouter = (seed: number) => 's' + 'k-or-v1-' + random(HEX, 64, seed);
const hfOrg = (seed: number) => 'api_' + 'org_' + random(UPPER + LOWER, 34, seed);
const langsmith = (kind: string, seed: number) => 'lsv2_' + kind + '_' + random(HEX, 32, seed) + '_' + random(HEX, 10, seed + 1);
const pinecone = (seed: number) => 'pc' + 'sk_' + random(BASE62, 5, seed) + '_' + random(BASE62, 63, seed + 1);

const lines = (text: string, width = 64) => text.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\n');

/** A PuTTY key file; the bodies are random, the layout real. */
function ppk(options: { version?: 2 | 3; encrypted?: boolean; seed: number; privateBody?: string }): string {
  const { version = 3, encrypted = false, seed } = options;
  const pub = lines('AAAAC3NzaC1lZDI1NTE5AAAAI' + random(BASE64, 43, seed) + '=');
  const priv = options.privateBody ?? lines(random(BASE64, encrypted ? 64 : 48, seed + 1));
  const kdf =
    version === 3 && encrypted
      ? `Key-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 21\nArgon2-Parallelism: 1\nArgon2-Salt: ${random(HEX, 32, seed + 2)}\n`
      : '';
  return (
    `PuTTY-User-Key-File-${version}: ssh-ed25519\nEncryption: ${encrypted ? 'aes256-cbc' : 'none'}\nComment: deploy@ci\n` +
    `Public-Lines: ${pub.split('\n').length}\n${pub}\n${kdf}Private-Lines: ${priv.split('\n').length}\n${priv}\n` +
    `Private-MAC: ${random(HEX, version === 3 ? 64 : 40, seed + 3)}`
  );
}

const kubeconfig = (keyData: string) =>
  `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-certificate-data: ${b64(certificateBlock(3900))}\n    client-key-data: ${keyData}\n`;

const headerOnlyKey = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n(paste the rest of your key here, 64 characters per line)\n-----END RSA PRIVATE KEY-----\n';
const apr1 = (seed: number) => '$apr1$' + random(BASE62, 8, seed) + '$' + random(BASE62 + './', 22, seed + 1);
const shaHash = (seed: number) => '{SHA}' + random(BASE64, 27, seed) + '=';

export const CASES: Record<string, DetectorCases> = {
  // ----------------------------------------------------------------------------------- registries
  'rubygems-api-key': {
    valid: [
      [`---\n:rubygems_api_key: ${rubygems(3000)}\n`, rubygems(3000), 'high'],
      [`ENV GEM_HOST_API_KEY=${rubygems(3001)}`, rubygems(3001), 'high'],
    ],
    invalid: [
      `ENV GEM_HOST_API_KEY=ruby${'gems_'}${'0'.repeat(48)}`,
      ':rubygems_api_key: ${GEM_HOST_API_KEY}',
      `key ${rubygems(3002).slice(0, -1)} is short`,
      `key ${rubygems(3003).toUpperCase()}`,
      `xrubygems_${random(HEX, 48, 3004)}`,
    ],
  },
  'nuget-api-key': {
    valid: [
      [`RUN dotnet nuget push app.nupkg --api-key ${nuget(3010)} --source https://api.nuget.org/v3/index.json`, nuget(3010), 'high'],
      [`NUGET_API_KEY: "${nuget(3011)}"`, nuget(3011), 'high'],
    ],
    invalid: [
      `--api-key o${'y2'}${'x'.repeat(43)}`,
      `id ${nuget(3012).slice(0, -1)}`,
      `id ${nuget(3013)}0`,
      `id OY2${random(LOWER + DIGITS, 43, 3014).toUpperCase()}`,
      '--api-key oy2<your-api-key>',
    ],
  },
  'artifactory-api-key': {
    valid: [
      [`RUN curl -H "X-JFrog-Art-Api:${akcp(3020)}" -T app.jar https://acme.jfrog.io/libs-release/app.jar`, akcp(3020), 'high'],
      [`ARTIFACTORY_API_KEY=${akcp(3021)}`, akcp(3021), 'high'],
    ],
    invalid: [
      `X-JFrog-Art-Api: AK${'Cp'}${'X'.repeat(69)}`,
      `X-JFrog-Art-Api: ${akcp(3022).slice(0, 60)}`,
      'X-JFrog-Art-Api: AKCp${ARTIFACTORY_KEY}',
      `X-JFrog-Art-Api: akcp${random(BASE62, 69, 3023)}`,
    ],
  },
  'artifactory-reference-token': {
    valid: [
      [`RUN curl -H "Authorization: Bearer ${reftkn(3030)}" https://acme.jfrog.io/artifactory/api/repositories`, reftkn(3030), 'high'],
      [`JFROG_ACCESS_TOKEN=${reftkn(3031)}`, reftkn(3031), 'high'],
    ],
    invalid: [
      `token cmVm${'dGtu'}${random(BASE62, 56, 3032)}`,
      `token ${reftkn(3033).slice(0, 63)}`,
      `blob ${random(BASE64, 40, 3034)}+${reftkn(3035)}`,
      `token ${b64('reftkn:xx:' + random(BASE62, 38, 3036))}`,
    ],
  },
  'clojars-deploy-token': {
    valid: [
      [`ENV CLOJARS_PASSWORD=${clojars(3040)}`, clojars(3040), 'high'],
      [`{:repositories [["clojars" {:username "acme" :password "${clojars(3041)}"}]]}`, clojars(3041), 'high'],
    ],
    invalid: [
      'ENV CLOJARS_USERNAME=acme CLOJARS_PASSWORD=${CLOJARS_DEPLOY_TOKEN}',
      `CLO${'JARS_'}${'0'.repeat(60)}`,
      `clojars_${random(HEX, 60, 3042)}`,
      `token ${clojars(3043).slice(0, 60)}`,
    ],
  },
  'crates-io-api-token': {
    valid: [
      [`ENV CARGO_REGISTRY_TOKEN=${crates(3050)}`, crates(3050), 'medium'],
      [`[registry]\ntoken = "${crates(3051)}"\n`, crates(3051), 'medium'],
    ],
    invalid: [
      'The cioccolato and the preciousMetalsExchangeRateProvider',
      `ci${'o'}${random(LOWER, 32, 3052)}`,
      `sha ${random(BASE64, 20, 3053)}/${crates(3054)}+${random(BASE64, 8, 3055)}`,
      `ref ${crates(3056).slice(0, 30)}`,
      `ref Cio${random(BASE62, 32, 3057)}`,
    ],
  },
  'pypirc-password': {
    valid: [
      [
        `[distutils]\nindex-servers =\n    internal\n\n[internal]\nrepository = https://nexus.internal/repository/pypi/\nusername = deploy\npassword = ${pw(3060)}\n`,
        pw(3060),
        'high',
        0,
        'root/.pypirc',
      ],
      ['[pypi]\nusername: alice\npassword: correct-horse-battery-staple\n', 'correct-horse-battery-staple', 'high', 0, 'home/alice/.pypirc'],
    ],
    invalid: [
      ['[pypi]\nusername: alice\npassword: correct-horse-battery-staple\n', 'home/alice/pypirc.txt'],
      ['[pypi]\nusername = __token__\npassword = <your PyPI token>\n', 'root/.pypirc'],
      ['[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n', 'root/.pypirc'],
      ['[pypi]\n# password = correct-horse-battery-staple\n', 'root/.pypirc'],
    ],
  },
  'docker-config-auth': {
    valid: [
      [
        `{\n  "auths": {\n    "registry.internal:5000": {\n      "auth": "${b64(`ci:${pw(3070)}`)}"\n    }\n  }\n}\n`,
        b64(`ci:${pw(3070)}`),
        'high',
        0,
        'root/.docker/config.json',
      ],
      [`{"auths":{"quay.io":{"auth":"${b64('robot:hunter2x')}"}}}`, b64('robot:hunter2x'), 'high', 0, 'run/containers/0/containers/auth.json'],
      [
        `{"auths":{"acme.azurecr.io":{"auth":"${b64('00000000-0000-0000-0000-000000000000:')}","identitytoken":"${random(BASE64URL, 120, 3071)}"}}}`,
        random(BASE64URL, 120, 3071),
        'high',
        0,
        'home/ci/.docker/config.json',
      ],
    ],
    invalid: [
      [`{"auths":{"quay.io":{"auth":"${b64('robot:hunter2x')}"}}}`, 'app/fixtures/config.json'],
      [`{"auths":{"quay.io":{"auth":"${b64('robot:')}"}}}`, 'root/.docker/config.json'],
      [`{"auths":{"quay.io":{"auth":"${b64('robot:password')}"}}}`, 'root/.docker/config.json'],
      [`{"auths":{"quay.io":{"auth":"${b64('no colon here')}"}}}`, 'root/.docker/config.json'],
      ['{"auths":{"quay.io":{}},"credsStore":"desktop"}', 'root/.docker/config.json'],
    ],
  },
  'netrc-password': {
    valid: [
      [`machine github.com login ci password ${pw(3080)}\n`, pw(3080), 'high', 0, 'root/.netrc'],
      ['machine nexus.internal\n  login deploy\n  password "correct horse battery"\n', 'correct horse battery', 'high', 0, 'home/u/_netrc'],
    ],
    invalid: [
      ['machine nexus.internal login deploy password correct-horse-battery\n', 'home/u/netrc.md'],
      ['machine nexus.internal login deploy password $NEXUS_PASSWORD\n', 'root/.netrc'],
      ['# password for the mirror below\nmachine mirror.internal login anonymous\n', 'root/.netrc'],
      ['machine api.internal login bot password <token>\n', 'root/.netrc'],
    ],
  },
  'git-credentials-password': {
    valid: [
      [`https://ci:${pw(3090)}@git.internal\n`, pw(3090), 'high', 0, 'root/.git-credentials'],
      ['https://deploy:hunter2x@bitbucket.org\nhttps://bob:${GIT_TOKEN}@gitea.internal:3000\n', 'hunter2x', 'high', 0, 'home/bob/.config/git/credentials'],
    ],
    invalid: [
      ['https://ci:${GIT_PASSWORD}@git.internal\n', 'root/.git-credentials'],
      ['https://ci:<password>@git.internal\n', 'root/.git-credentials'],
      ['https://git.internal\n', 'root/.git-credentials'],
      ['see https://ci:hunter2x@git.internal for details\n', 'root/.git-credentials'],
    ],
  },
  'maven-settings-password': {
    valid: [
      [
        `<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n      <username>deploy</username>\n      <password>${pw(3100)}</password>\n    </server>\n  </servers>\n</settings>\n`,
        pw(3100),
        'high',
        0,
        'root/.m2/settings.xml',
      ],
      ['<server><id>gpg</id><passphrase>hunter2x</passphrase></server>', 'hunter2x', 'medium', 0, 'usr/share/maven/conf/settings.xml'],
      [`<server><id>nexus</id><password>{${random(BASE64, 24, 3101)}=}</password></server>`, `{${random(BASE64, 24, 3101)}=}`, 'low', 0, 'app/settings-ci.xml'],
    ],
    invalid: [
      [`<server><id>nexus</id><password>${pw(3102)}</password></server>`, 'app/pom.xml'],
      ['<!--\n    <server>\n      <id>deploymentRepo</id>\n      <username>repouser</username>\n      <password>repopwd</password>\n    </server>\n    -->', 'root/.m2/settings.xml'],
      ['<server><id>nexus</id><password>${env.NEXUS_PASSWORD}</password></server>', 'root/.m2/settings.xml'],
      ['<server><id>nexus</id><password>changeme</password></server>', 'root/.m2/settings.xml'],
    ],
  },
  'htpasswd-hash': {
    valid: [
      [`admin:${apr1(3110)}\n`, apr1(3110), 'high', 0, 'etc/nginx/.htpasswd'],
      [`alice:${shaHash(3111)}\n`, shaHash(3111), 'high', 0, 'etc/apache2/.htpasswd'],
      [`registry:${bcryptHash(3112).replace('$2b$', '$2y$')}\n`, bcryptHash(3112).replace('$2b$', '$2y$'), 'medium', 0, 'auth/htpasswd'],
    ],
    invalid: [
      [`admin:${apr1(3113)}\n`, 'etc/nginx/nginx.conf'],
      [`root:$6$${random(BASE62, 16, 3114)}$${random(BASE62 + './', 86, 3115)}:19000:0:99999:7:::\n`, 'etc/shadow'],
      [`# admin:${apr1(3116)}\n`, 'etc/nginx/.htpasswd'],
      [`admin:${apr1(3117).slice(0, -3)}\n`, 'etc/nginx/.htpasswd'],
    ],
  },
  // ---------------------------------------------------------------------------------- code forges
  'bitbucket-app-password': {
    valid: [
      [`RUN git clone https://acme:${atbb(3120)}@bitbucket.org/acme/app.git`, atbb(3120), 'high'],
      [`BITBUCKET_APP_PASSWORD=${atbb(3121)}`, atbb(3121), 'high'],
    ],
    invalid: [`BITBUCKET_APP_PASSWORD=AT${'BB'}${'x'.repeat(32)}`, `token ${atbb(3122).slice(0, 30)}`, 'BITBUCKET_APP_PASSWORD=ATBB${APP_PASSWORD}', `XATBB${random(BASE62, 32, 3123)}`],
  },
  'gitlab-cicd-job-token': {
    valid: [
      [`curl -H "JOB-TOKEN: ${'glc' + 'bt-' + '64_' + random(BASE64URL, 20, 3130)}" https://gitlab.com/api/v4/job`, 'glc' + 'bt-' + '64_' + random(BASE64URL, 20, 3130), 'high'],
      [`CI_JOB_TOKEN=${gitlab('glc' + 'bt-', 20, 3131)}`, gitlab('glc' + 'bt-', 20, 3131), 'high'],
    ],
    invalid: ['curl -H "JOB-TOKEN: glcbt-$CI_JOB_TOKEN"', `glc${'bt-'}${'x'.repeat(20)}`, `glc${'bt-'}${random(BASE64URL, 12, 3132)}`],
  },
  'gitlab-oauth-app-secret': {
    valid: [
      [`GITLAB_OAUTH_SECRET=${gitlab('glo' + 'as-', 64, 3140)}`, gitlab('glo' + 'as-', 64, 3140), 'high'],
      [`app_secret: "${gitlab('glo' + 'as-', 64, 3141)}"`, gitlab('glo' + 'as-', 64, 3141), 'high'],
    ],
    invalid: [`secret glo${'as-'}${random(BASE64URL, 40, 3142)}`, 'app_secret: gloas-<secret>', `glo${'as-'}${'0'.repeat(64)}`],
  },
  'gitlab-feed-token': {
    valid: [
      [`https://gitlab.com/dashboard/projects.atom?feed_token=${gitlab('gl' + 'ft-', 20, 3150)}`, gitlab('gl' + 'ft-', 20, 3150), 'high'],
      [`FEED=${gitlab('gl' + 'ft-', 20, 3151)}`, gitlab('gl' + 'ft-', 20, 3151), 'high'],
    ],
    invalid: [`feed_token=gl${'ft-'}xxxxxxxxxxxxxxxxxxxx`, 'feed_token=glft-${FEED_TOKEN}', `see gl${'ft-'}${random(BASE64URL, 15, 3152)}`],
  },
  'gitlab-incoming-mail-token': {
    valid: [
      [`reply+${gitlab('gli' + 'mt-', 25, 3160)}@incoming.gitlab.internal`, gitlab('gli' + 'mt-', 25, 3160), 'high'],
      [`incoming_email_token: ${gitlab('gli' + 'mt-', 25, 3161)}`, gitlab('gli' + 'mt-', 25, 3161), 'high'],
    ],
    invalid: [`gli${'mt-'}${random(BASE64URL, 20, 3162)}`, 'incoming_email_token: glimt-<token>', `gli${'mt-'}${'a'.repeat(25)}`],
  },
  'gitlab-scim-token': {
    valid: [
      [`SCIM_TOKEN=${gitlab('glso' + 'at-', 20, 3170)}`, gitlab('glso' + 'at-', 20, 3170), 'high'],
      [`Authorization: Bearer ${gitlab('glso' + 'at-', 20, 3171)}`, gitlab('glso' + 'at-', 20, 3171), 'high'],
    ],
    invalid: [`glso${'at-'}${'X'.repeat(20)}`, 'SCIM_TOKEN=glsoat-$TOKEN', `glso${'at-'}${random(BASE64URL, 10, 3172)}`],
  },
  'gitlab-agent-token': {
    valid: [
      [`helm upgrade --install agent gitlab/gitlab-agent --set config.token=${gitlab('glag' + 'ent-', 50, 3180)}`, gitlab('glag' + 'ent-', 50, 3180), 'high'],
      [`token: ${gitlab('glag' + 'ent-', 50, 3181)}`, gitlab('glag' + 'ent-', 50, 3181), 'high'],
    ],
    invalid: [`see glag${'ent-'}${random(BASE64URL, 30, 3182)}`, '--set config.token=glagent-${AGENT_TOKEN}', `glag${'ent-'}${'x'.repeat(50)}`],
  },
  'gitlab-feature-flag-client-token': {
    valid: [
      [`UNLEASH_INSTANCE_ID=${gitlab('glff' + 'ct-', 20, 3190)}`, gitlab('glff' + 'ct-', 20, 3190), 'high'],
      [`instanceId: "${gitlab('glff' + 'ct-', 20, 3191)}"`, gitlab('glff' + 'ct-', 20, 3191), 'high'],
    ],
    invalid: [`glff${'ct-'}${'0'.repeat(20)}`, 'instanceId: "glffct-<instance-id>"', `glff${'ct-'}${random(BASE64URL, 16, 3192)}`],
  },
  'gitlab-runner-registration-token': {
    valid: [
      [`gitlab-runner register --non-interactive --url https://gitlab.com/ --registration-token ${gitlab('GR134' + '8941', 20, 3200)}`, gitlab('GR134' + '8941', 20, 3200), 'high'],
      [`REGISTRATION_TOKEN=${gitlab('GR134' + '8941', 20, 3201)}`, gitlab('GR134' + '8941', 20, 3201), 'high'],
    ],
    invalid: [`--registration-token GR134${'8941'}${'x'.repeat(20)}`, '--registration-token GR1348941$REG_TOKEN', `see GR134${'8941'}${random(BASE64URL, 12, 3202)}`],
  },
  // ------------------------------------------------------------------------------------------- AI
  'openai-admin-key': {
    valid: [
      [`ENV OPENAI_ADMIN_KEY=${openaiAdmin(3210)}`, openaiAdmin(3210), 'high'],
      [`curl -H "Authorization: Bearer ${openaiAdmin(3212)}" https://api.openai.com/v1/organization/users`, openaiAdmin(3212), 'high'],
    ],
    invalid: [`OPENAI_ADMIN_KEY=s${'k-admin-'}${'x'.repeat(58)}`, 'OPENAI_ADMIN_KEY=sk-admin-...', 'OPENAI_ADMIN_KEY=sk-admin-${KEY}'],
  },
  'anthropic-admin-key': {
    valid: [
      [`ENV ANTHROPIC_ADMIN_KEY=${anthropicAdmin(3220)}`, anthropicAdmin(3220), 'high'],
      [`curl https://api.anthropic.com/v1/organizations/users -H "x-api-key: ${anthropicAdmin(3221)}"`, anthropicAdmin(3221), 'high'],
    ],
    invalid: [`s${'k-ant-admin01-'}${'x'.repeat(93)}AA`, 'ANTHROPIC_ADMIN_KEY=sk-ant-admin01-${KEY}', `s${'k-ant-admin01-'}${random(BASE64URL, 20, 3222)}`],
  },
  'groq-api-key': {
    valid: [
      [`ENV GROQ_API_KEY=${groq(3230)}`, groq(3230), 'high'],
      [`client = Groq(api_key="${groq(3231)}")`, groq(3231), 'high'],
    ],
    invalid: [`GROQ_API_KEY=gs${'k_'}${'x'.repeat(52)}`, 'GROQ_API_KEY=gsk_...', `GROQ_API_KEY=${groq(3232).slice(0, 40)}`],
  },
  'replicate-api-token': {
    valid: [
      [`ENV REPLICATE_API_TOKEN=${replicate(3240)}`, replicate(3240), 'high'],
      [`curl -H "Authorization: Bearer ${replicate(3241)}" https://api.replicate.com/v1/predictions`, replicate(3241), 'high'],
    ],
    invalid: [`REPLICATE_API_TOKEN=r8${'_'}${'x'.repeat(37)}`, 'REPLICATE_API_TOKEN=r8_...', `uint${'r8_'}${random(BASE62, 37, 3242)}`, `r8${'_'}${random(DIGITS, 37, 3243)}`],
  },
  'perplexity-api-key': {
    valid: [
      [`ENV PERPLEXITY_API_KEY=${pplx(3250)}`, pplx(3250), 'high'],
      [`OpenAI(api_key="${pplx(3251)}", base_url="https://api.perplexity.ai")`, pplx(3251), 'high'],
    ],
    invalid: [`PERPLEXITY_API_KEY=pp${'lx-'}${'x'.repeat(48)}`, 'PERPLEXITY_API_KEY=pplx-...', `see ${pplx(3252).slice(0, 30)}`],
  },
  'xai-api-key': {
    valid: [
      [`ENV XAI_API_KEY=${xai(3260)}`, xai(3260), 'high'],
      [`curl https://api.x.ai/v1/chat/completions -H "Authorization: Bearer ${xai(3261)}"`, xai(3261), 'high'],
    ],
    invalid: [`XAI_API_KEY=xa${'i-'}${'x'.repeat(80)}`, 'XAI_API_KEY=xai-...', `see ${xai(3262).slice(0, 60)}`],
  },
  'openrouter-api-key': {
    valid: [
      [`ENV OPENROUTER_API_KEY=${openrouter(3270)}`, openrouter(3270), 'high'],
      [`OpenAI(base_url="https://openrouter.ai/api/v1", api_key="${openrouter(3271)}")`, openrouter(3271), 'high'],
    ],
    invalid: [`OPENROUTER_API_KEY=s${'k-or-v1-'}${'0'.repeat(64)}`, 'OPENROUTER_API_KEY=sk-or-v1-...', `see ${openrouter(3272).slice(0, 50)}`],
  },
  'huggingface-org-token': {
    valid: [
      [`ENV HF_ORG_TOKEN=${hfOrg(3280)}`, hfOrg(3280), 'high'],
      [`load_dataset("acme/private", token="${hfOrg(3281)}")`, hfOrg(3281), 'high'],
    ],
    invalid: ['const api_org_controller = require("./controllers/organizations");', `api_${'org_'}${random(LOWER, 34, 3282)}`, 'API_ORG_EXIST = "APIOrganizationExist"'],
  },
  'langsmith-api-key': {
    valid: [
      [`ENV LANGSMITH_API_KEY=${langsmith('pt', 3290)}`, langsmith('pt', 3290), 'high'],
      [`LANGCHAIN_API_KEY: "${langsmith('sk', 3292)}"`, langsmith('sk', 3292), 'high'],
    ],
    invalid: [`LANGSMITH_API_KEY=lsv2_${'pt_'}${'0'.repeat(32)}_${'0'.repeat(10)}`, 'LANGSMITH_API_KEY=lsv2_pt_...', `see ${langsmith('pt', 3294).slice(0, 40)}`],
  },
  'pinecone-api-key': {
    valid: [
      [`ENV PINECONE_API_KEY=${pinecone(3300)}`, pinecone(3300), 'high'],
      [`pc = Pinecone(api_key="${pinecone(3302)}")`, pinecone(3302), 'high'],
    ],
    invalid: [`PINECONE_API_KEY=pc${'sk_'}${'x'.repeat(5)}_${'x'.repeat(63)}`, 'PINECONE_API_KEY=pcsk_...', `see ${pinecone(3304).slice(0, 50)}`],
  },
  // ----------------------------------------------------------------------------------- key files
  'kubeconfig-client-key': {
    valid: [
      [kubeconfig(b64(pem.rsaPkcs1)), b64(pem.rsaPkcs1), 'high'],
      [`{"users":[{"name":"ci","user":{"client-key-data":"${b64(pem.ecSec1)}"}}]}`, b64(pem.ecSec1), 'high'],
      [kubeconfig(b64(pem.rsaPkcs8Encrypted)), b64(pem.rsaPkcs8Encrypted), 'medium'],
    ],
    invalid: [
      kubeconfig(b64(certificateBlock(3310))),
      kubeconfig(b64(headerOnlyKey)),
      kubeconfig('REDACTED'),
      kubeconfig('${CLIENT_KEY_DATA}'),
      kubeconfig(b64(pem.rsaPkcs1).slice(0, 400)),
    ],
  },
  'base64-private-key': {
    valid: [
      [`apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(certificateBlock(3320))}\n  tls.key: ${b64(pem.ecSec1)}\n`, b64(pem.ecSec1), 'high'],
      [`ENV DEPLOY_KEY_B64=${b64(openSshKey('none', 3321))}`, b64(openSshKey('none', 3321)), 'high'],
    ],
    invalid: [
      `  tls.crt: ${b64(certificateBlock(3322))}`,
      `  public.pem: ${b64(pem.rsaPublic)}`,
      `  tls.key: ${b64(headerOnlyKey)}`,
      `  tls.key: ${b64(pem.rsaPkcs8).slice(0, 300)}`,
      `  tls.key: x${b64(pem.rsaPkcs8)}`,
    ],
  },
  'putty-private-key': {
    valid: [
      [`COPY <<EOF /root/deploy.ppk\n${ppk({ seed: 3330 })}\nEOF\n`, ppk({ seed: 3330 }), 'high'],
      [ppk({ version: 2, seed: 3331 }).replace(/\n/g, '\r\n'), ppk({ version: 2, seed: 3331 }).replace(/\n/g, '\r\n'), 'high'],
      [ppk({ encrypted: true, seed: 3332 }), ppk({ encrypted: true, seed: 3332 }), 'medium'],
    ],
    invalid: [
      'static const char header[] = "PuTTY-User-Key-File-3: ";',
      ppk({ seed: 3333, privateBody: 'A'.repeat(48) }),
      ppk({ seed: 3334 }).replace(/\nPrivate-MAC: .*$/, '\n'),
      'PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: <your key>\nPublic-Lines: 1\n...\n',
    ],
  },
  // --------------------------------------------------------------------------- connection strings
  'jdbc-password': {
    valid: [
      [`ENV SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/app?user=app&password=${pw(3340)}&ssl=true`, pw(3340), 'high'],
      ['spring.datasource.url=jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=Str0ng-Pass;encrypt=true', 'Str0ng-Pass', 'medium'],
      [`db.url=jdbc:oracle:thin:scott/${pw(3341)}@//db.internal:1521/ORCL`, pw(3341), 'high'],
    ],
    invalid: [
      'ENV SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}',
      'jdbc:postgresql://db/app?user=app&password=<password>',
      'jdbc:oracle:thin:@//db.internal:1521/ORCL',
      'jdbc:mysql://db:3306/app?user=root&password=&useSSL=false',
      'jdbc:h2:mem:test;DB_CLOSE_DELAY=-1;password=changeme',
    ],
  },
  'connection-string-password': {
    valid: [
      [
        `ENV ConnectionStrings__Default="Server=db;Database=app;User Id=app;Password=${pw(3350)};TrustServerCertificate=True"`,
        pw(3350),
        'high',
      ],
      ['"DefaultConnection": "Data Source=sql.internal;Initial Catalog=app;User ID=app;Password=Summer2024x"', 'Summer2024x', 'medium'],
      [`Driver={ODBC Driver 18 for SQL Server};Server=tcp:db,1433;Uid=sa;Pwd={${pw(3351)};x};`, `${pw(3351)};x`, 'high'],
      ['Host=pg;Username=app;Password=app;Database=app', 'app', 'low', 'Host=pg;Username=app;Password='.length],
    ],
    invalid: [
      'Server=db;Database=app;User Id=sa;Password=${DB_PASSWORD};',
      'Server=db;Database=app;User Id=sa;Password=<password>;',
      'Server=db;Database=app;Integrated Security=true;',
      'Password=changeme;Server=db',
      '"ConnectionString": "Server=db;Database=app;User Id=sa;Password=;"',
    ],
  },
};
