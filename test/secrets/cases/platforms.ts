/** True samples and look-alikes of the detectors in src/secrets/detectors/platforms.ts (and kin). */
import { BASE62, BASE64, BASE64URL, DIGITS, HEX, LOWER, UPPER, make, pem, random } from '../samples.js';
import type { DetectorCases } from './types.js';

// Every secret below is built at run time (prefixes split, bodies from seeded `random`), so the
// repository holds nothing a push-protection scanner would take for a live credential.
const ENTRA = BASE62 + '_~.-';
const UPPER_HEX = '0123456789ABCDEF';
const BECH32 = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';
const b64 = (s: string) => Buffer.from(s).toString('base64');

const mk = {
  azureStorageKey: (seed = 1000) => random(BASE64, 86, seed) + '==',
  azureSharedKey: (seed = 1001) => random(BASE64, 43, seed) + '=',
  entraSecret: (seed = 1002) => random(ENTRA, 3, seed) + random(DIGITS, 1, seed + 1) + 'Q' + '~' + random(BASE62, 34, seed + 2),
  sasSig: (seed = 1005) => random(BASE64, 43, seed).replace(/\+/g, '%2B').replace(/\//g, '%2F') + '%3D',
  alibaba: (seed = 1006) => 'LT' + 'AI5t' + random(BASE62, 18, seed),
  tencent: (seed = 1007) => 'AK' + 'ID' + random(BASE62, 32, seed),
  yandex: (seed = 1008) => 'AQ' + 'VN' + random(BASE64URL, 36, seed),
  digitalOcean: (kind = 'p', seed = 1009) => 'do' + kind + '_v1_' + random(HEX, 64, seed),
  cloudflareCa: (seed = 1010) => 'v1' + '.0-' + random(HEX, 24, seed) + '-' + random(HEX, 146, seed + 1),
  vault: (kind = 's', seed = 1012) => 'hv' + kind + '.' + 'CAESI' + random(BASE64URL, 86, seed),
  vaultShort: (kind = 's', seed = 1013) => 'hv' + kind + '.' + random(BASE62, 24, seed),
  vaultBatch: (seed = 1014) => 'hv' + 'b.' + 'AAAAAQ' + random(BASE64URL, 150, seed),
  vaultLegacy: (seed = 1015) => 's' + '.' + random(BASE62, 24, seed),
  terraform: (seed = 1016) => random(BASE62, 14, seed) + '.atlas' + 'v1.' + random(BASE62, 67, seed + 1),
  heroku: (seed = 1018) => 'HR' + 'KU-AA' + random(BASE64URL, 58, seed),
  herokuUuid: (seed = 1019) => 'HR' + 'KU-' + make.uuid(seed),
  doppler: (kind = 'pt', seed = 1020) => 'dp' + '.' + kind + '.' + random(BASE62, 43, seed),
  databricks: (seed = 1021) => 'da' + 'pi' + random(HEX, 32, seed),
  flyio: (seed = 1022) => 'fo' + '1_' + random(BASE64URL, 43, seed),
  flyMacaroon: (seed = 1023, kind = '2') => 'fm' + kind + '_' + 'lJPE' + random(BASE64, 300, seed) + '==',
  pulumi: (seed = 1025) => 'pu' + 'l-' + random(HEX, 40, seed),
  supabase: (seed = 1026) => 'sb' + 'p_' + random(HEX, 40, seed),
  planetScale: (kind = 'tkn', seed = 1027) => 'pscale' + '_' + kind + '_' + random(BASE62, 43, seed),
  tailscale: (kind = 'auth', seed = 1028) => 'ts' + 'key-' + kind + '-k' + random(BASE62, 8, seed) + 'CNTRL-' + random(BASE62, 33, seed + 1),
  netlify: (seed = 1030) => 'nf' + 'p_' + random(BASE62, 36, seed),
  render: (seed = 1031) => 'rn' + 'd_' + random(BASE62, 32, seed),
  atlassian: (seed = 1032) => 'ATA' + 'TT3xFfGF0' + random(BASE64URL, 171, seed) + '=' + random(UPPER_HEX, 8, seed + 1),
  infracost: (seed = 1034) => 'ic' + 'o-' + random(BASE62, 32, seed),
  onePasswordSecretKey: (seed = 1035) =>
    'A' + '3-' + [6, 6, 5, 5, 5, 5].map((n, i) => random(UPPER + DIGITS, n, seed + i)).join('-'),
  onePasswordToken: (seed = 1041) => {
    const doc = {
      signInAddress: 'my.1password.com',
      userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: random(BASE64URL, 22, seed) },
      email: random(LOWER + DIGITS, 13, seed + 1) + '@1passwordserviceaccounts.com',
      srpX: random(HEX, 64, seed + 2),
      muk: { alg: 'A256GCM', ext: true, k: random(BASE64URL, 43, seed + 3), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
      secretKey: 'A' + '3-' + random(UPPER + DIGITS, 6, seed + 4) + '-' + random(UPPER + DIGITS, 6, seed + 5),
      deviceUuid: random(LOWER + DIGITS, 26, seed + 6),
    };
    return 'op' + 's_' + b64(JSON.stringify(doc)).replace(/=+$/, '');
  },
  age: (seed = 1048) => 'AGE-SECRET' + '-KEY-1' + random(BECH32, 58, seed),
};

// Documented example values, kept split.
const azuriteKey = 'Eby8vdM02xNOcqFlqUwJPLlm' + 'EtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq' + '/K1SZFPTOtr/KBHBeksoGMGw==';
const cosmosEmulatorKey = 'C2y6yDjf5/R+ob0N8A7Cgv30' + 'VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

const storageKey = mk.azureStorageKey();
const storageKey2 = mk.azureStorageKey(1050);
const sharedKey = mk.azureSharedKey();
const sharedKey2 = mk.azureSharedKey(1051);
const entra = mk.entraSecret();
const entra2 = mk.entraSecret(1052);
const sig = mk.sasSig();
const sig2 = random(BASE62, 43, 1055) + '=';
const gcpKeyId = random(HEX, 40, 1056);
const gcpKeyId2 = random(HEX, 40, 1057);
const tfc = mk.terraform();
const macaroon = mk.flyMacaroon();
const macaroon2 = `${mk.flyMacaroon(1058)},${'fm' + '2_' + 'lJPE' + random(BASE64, 120, 1059)}`;

/** A service-account key file as `gcloud iam service-accounts keys create` writes it. */
function serviceAccountJson(keyId: string, indent = 2): string {
  const doc: Record<string, string> = {
    type: 'service_account',
    project_id: 'acme-prod',
    private_key_id: keyId,
    private_key: pem.rsaPkcs8,
    client_email: 'deployer@acme-prod.iam.gserviceaccount.com',
    client_id: random(DIGITS, 21, 1060),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  return JSON.stringify(doc, null, indent);
}
const saBase64 = b64(serviceAccountJson(gcpKeyId) + '\n');
const saBase64Compact = b64(serviceAccountJson(gcpKeyId2, 0));
const saBase64Indent4 = b64(serviceAccountJson(gcpKeyId, 4));

export const CASES: Record<string, DetectorCases> = {
  'azure-storage-account-key': {
    valid: [
      [
        `ENV AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${storageKey};EndpointSuffix=core.windows.net"`,
        storageKey,
        'high',
      ],
      [`RUN az storage blob upload --account-name acmeprod --account-key ${storageKey2} -c app -f app.tgz`, storageKey2, 'high'],
      [`{"ConnectionStrings": {"Cosmos": "AccountEndpoint=https://acme.documents.azure.com:443/;AccountKey=${storageKey2};"}}`, storageKey2, 'high'],
      [
        `AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azuriteKey};BlobEndpoint=http://azurite:10000/devstoreaccount1;`,
        azuriteKey,
        'low',
      ],
      [`COSMOS_CONNECTION=AccountEndpoint=https://localhost:8081/;AccountKey=${cosmosEmulatorKey}`, cosmosEmulatorKey, 'low'],
    ],
    invalid: [
      'ENV AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${STORAGE_KEY};EndpointSuffix=core.windows.net"',
      'DefaultEndpointsProtocol=https;AccountName=<name>;AccountKey=<key>;EndpointSuffix=core.windows.net',
      'DefaultEndpointsProtocol=https;AccountName=myAccountName;AccountKey=myAccountKey;EndpointSuffix=core.windows.net',
      `echo AccountKey=${'A'.repeat(86)}==`,
    ],
  },
  'azure-shared-access-key': {
    valid: [
      [
        `ENV SERVICEBUS_CONNECTION="Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sharedKey}"`,
        sharedKey,
        'high',
      ],
      [`iothub: "HostName=acme.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${sharedKey2}"`, sharedKey2, 'high'],
    ],
    invalid: [
      'Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>',
      'Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${SB_KEY}',
      `Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${'A'.repeat(43)}=`,
    ],
  },
  'azure-ad-client-secret': {
    valid: [
      [`ENV AZURE_CLIENT_SECRET=${entra}`, entra, 'high'],
      [`{"clientId": "${make.uuid(1062)}", "clientSecret": "${entra2}"}`, entra2, 'high'],
      [`RUN az login --service-principal -u ${make.uuid(1063)} -p '${entra}' --tenant acme.onmicrosoft.com`, entra, 'high'],
    ],
    invalid: [
      `client_secret=bP8${'8Q~'}${'x'.repeat(34)}`,
      `echo ${entra.slice(0, 30)}`,
      `echo ${entra}${random(BASE62, 6, 1064)}`,
      '.ui.visible.right.sidebar~.ui.visible.left.sidebar~.pusher{transform:translate3d(0,0,0)}',
      `echo ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~`,
    ],
  },
  'azure-sas-token': {
    valid: [
      [
        `RUN curl -fsSL "https://acme.blob.core.windows.net/releases/app.tgz?sp=r&st=2024-05-01T08:00:00Z&se=2025-05-01T16:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${sig}" -o app.tgz`,
        sig,
        'high',
      ],
      [
        `AZURE_SAS_TOKEN=sv=2021-06-08&ss=b&srt=co&sp=rl&se=2030-01-01T00%3A00%3A00Z&st=2024-01-01T00%3A00%3A00Z&spr=https&sig=${sig2}`,
        sig2,
        'high',
      ],
      [
        `<img src="https://acme.blob.core.windows.net/media/logo.png?se=2030-02-16&amp;sr=b&amp;sp=r&amp;sig=${sig}&amp;sv=2014-02-14">`,
        sig,
        'high',
      ],
    ],
    invalid: [
      'https://acme.blob.core.windows.net/c/blob?sv=2022-11-02&se=2025-01-01&sr=b&sp=r&sig=<signature>',
      '<code>sp=r&amp;st=2023-12-20T14:54:52Z&amp;se=2023-12-20T22:54:52Z&amp;spr=https&amp;sv=2021-06-08&amp;sr=c&amp;sig=aBBKDWQvyuVcTPH9EBp' + '%2FXTI9E%2F%2Fmq171%2BZU178wcwqU%3D</code>',
      `https://cdn.example.org/img.png?w=200&sig=${random(BASE62, 43, 1200)}%3D`,
      'https://acme.blob.core.windows.net/c/blob?sv=2022-11-02&se=2025-01-01&sr=b&sp=r&sig=${SAS_SIG}',
      `https://acme.blob.core.windows.net/c/blob?sv=2022-11-02&sr=b&sp=r&sig=${random(BASE62, 43, 1065)}%3D`,
      `https://acme.blob.core.windows.net/c/blob?sv=2022-11-02&se=2025-01-01&sr=b&sig=${random(BASE62, 20, 1066)}`,
    ],
  },
  'gcp-service-account-key': {
    valid: [
      [`ENV GOOGLE_CREDENTIALS=${saBase64}`, saBase64, 'high'],
      [`apiVersion: v1\nkind: Secret\ndata:\n  key.json: ${saBase64Compact}\n`, saBase64Compact, 'high'],
      [`"GCP_SA_KEY": "${saBase64Indent4}",`, saBase64Indent4, 'high'],
    ],
    invalid: [
      `ENV GOOGLE_CREDENTIALS=${b64(JSON.stringify({ type: 'service_account', project_id: 'acme', client_email: 'ci@acme.iam.gserviceaccount.com', note: random(BASE62, 900, 1061) }))}`,
      `ENV GOOGLE_CREDENTIALS=${saBase64.slice(0, 400)}`,
      `ENV GOOGLE_CREDENTIALS=${b64(JSON.stringify({ type: 'authorized_user', client_id: make.uuid(1062), refresh_token: '<token>' }))}`,
      'ENV GOOGLE_CREDENTIALS=${GCP_SA_KEY_B64}',
      `echo x${saBase64}`,
    ],
  },
  'alibaba-access-key-id': {
    valid: [
      [`ENV ALIBABA_CLOUD_ACCESS_KEY_ID=${mk.alibaba()}`, mk.alibaba(), 'medium'],
      [`[default]\naccess_key_id = ${mk.alibaba(1067)}\n`, mk.alibaba(1067), 'medium'],
      [`const client = new Core({ accessKeyId: '${mk.alibaba(1068)}' });`, mk.alibaba(1068), 'medium'],
    ],
    invalid: [
      `access_key_id = LT${'AI'}4GDty8ab9W4Y1D****`,
      `echo LT${'AI'}${random(BASE62, 8, 1069)}`,
      `echo ${mk.alibaba()}${random(BASE62, 4, 1070)}`,
      `echo X${mk.alibaba()}`,
      'DEFAULT_LTAI_PREFIX = "LTAI"',
    ],
  },
  'tencent-cloud-secret-id': {
    valid: [
      [`ENV TENCENTCLOUD_SECRET_ID=${mk.tencent()}`, mk.tencent(), 'medium'],
      [`secret_id: "${mk.tencent(1071)}"`, mk.tencent(1071), 'medium'],
    ],
    invalid: [
      `secret_id = AK${'ID'}z8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE`,
      'credential_scope = AKIDEXAMPLE/20150830/us-east-1/service/aws4_request',
      `echo ${mk.tencent().slice(0, 30)}`,
      `echo ${mk.tencent()}Q`,
    ],
  },
  'yandex-cloud-api-key': {
    valid: [
      [`ENV YC_API_KEY=${mk.yandex()}`, mk.yandex(), 'high'],
      [`curl -H "Authorization: Api-Key ${mk.yandex(1072)}" https://llm.api.cloud.yandex.net`, mk.yandex(1072), 'high'],
    ],
    invalid: [
      `api_key: AQ${'VN'}1HHJReSrfo9jU3aopsXrJyfq_UHs********`,
      `echo ${mk.yandex().slice(0, 30)}`,
      `echo ${mk.yandex()}${random(BASE62, 8, 1073)}`,
      `echo ${random(BASE64, 20, 1074)}${mk.yandex()}`,
    ],
  },
  'digitalocean-pat': {
    valid: [
      [`ENV DIGITALOCEAN_ACCESS_TOKEN=${mk.digitalOcean()}`, mk.digitalOcean(), 'high'],
      [`RUN doctl auth init --access-token ${mk.digitalOcean('p', 1075)}`, mk.digitalOcean('p', 1075), 'high'],
      [`provider "digitalocean" {\n  token = "${mk.digitalOcean('p', 1076)}"\n}`, mk.digitalOcean('p', 1076), 'high'],
    ],
    invalid: [
      'ENV DIGITALOCEAN_ACCESS_TOKEN=dop_v1_${DO_TOKEN}',
      `echo ${mk.digitalOcean().slice(0, 70)}`,
      `echo ${mk.digitalOcean()}a`,
      `echo ${mk.digitalOcean().toUpperCase()}`,
      `echo do${'p_v1_'}${'0'.repeat(64)}`,
    ],
  },
  'digitalocean-oauth-token': {
    valid: [
      [`Authorization: Bearer ${mk.digitalOcean('o')}`, mk.digitalOcean('o'), 'high'],
      [`{"access_token": "${mk.digitalOcean('o', 1077)}"}`, mk.digitalOcean('o', 1077), 'high'],
    ],
    invalid: [`echo do${'o_v1_'}${random(HEX, 63, 1078)}`, `echo xdo${'o_v1_'}${random(HEX, 64, 1079)}`, 'echo doo_v1_<token>'],
  },
  'digitalocean-refresh-token': {
    valid: [
      [`{"refresh_token": "${mk.digitalOcean('r')}"}`, mk.digitalOcean('r'), 'high'],
      [`DO_REFRESH_TOKEN=${mk.digitalOcean('r', 1080)}`, mk.digitalOcean('r', 1080), 'high'],
    ],
    invalid: [`echo do${'r_v1_'}${random(HEX, 65, 1081)}`, `echo do${'r_v1_'}${random(BASE62, 64, 1082)}`, 'refresh_token: dor_v1_...'],
  },
  'cloudflare-origin-ca-key': {
    valid: [
      [`ENV CF_API_KEY=${mk.cloudflareCa()}`, mk.cloudflareCa(), 'high'],
      [`origin_ca_key: "${mk.cloudflareCa(1083)}"`, mk.cloudflareCa(1083), 'high'],
    ],
    invalid: [
      'RUN curl -fsSL https://example.org/tool-v1.0-linux-amd64.tar.gz | tar xz',
      `echo v1${'.0-'}${random(HEX, 24, 1084)}-${random(HEX, 145, 1085)}`,
      `echo xv1${'.0-'}${random(HEX, 24, 1086)}-${random(HEX, 146, 1087)}`,
      `echo v1${'.0-'}${random(HEX, 24, 1088)}-${random(HEX, 146, 1089).toUpperCase()}`,
    ],
  },
  'scaleway-secret-key': {
    valid: [
      [`ENV SCW_SECRET_KEY=${make.uuid(1090)}`, make.uuid(1090), 'high'],
      [`export TF_VAR_scw_secret_key="${make.uuid(1091)}"`, make.uuid(1091), 'high'],
      [`env:\n  SCW_SECRET_KEY: ${make.uuid(1092)}\n`, make.uuid(1092), 'high'],
    ],
    invalid: [
      'ENV SCW_SECRET_KEY=${SCW_SECRET_KEY}',
      'ENV SCW_SECRET_KEY=11111111-1111-1111-1111-111111111111',
      'SCW_SECRET_KEY=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      `ENV SCW_SECRET_KEY_FILE=/run/secrets/scw`,
      `echo ${make.uuid(1093)}`,
    ],
  },
  'vault-service-token': {
    valid: [
      [`ENV VAULT_TOKEN=${mk.vault()}`, mk.vault(), 'high'],
      [`curl -H "X-Vault-Token: ${mk.vaultShort()}" https://vault.internal:8200/v1/secret/data/app`, mk.vaultShort(), 'high'],
      [`vault:\n  token: ${mk.vault('s', 1094)}\n`, mk.vault('s', 1094), 'high'],
    ],
    invalid: [
      'ENV VAULT_TOKEN=hvs.${VAULT_TOKEN}',
      `vault login hv${'s.'}CAESIABcDeFgHiJkLmNoPqRsTuVwXyZ`,
      `vault login hv${'s.'}${'x'.repeat(90)}`,
      `vault login hv${'s.'}${random(BASE62, 20, 1095)}`,
      `vault login hv${'s.'}${random(BASE64URL, 200, 1096)}`,
      'return self.hvs.getConfigurationForEnvironment(name)',
    ],
  },
  'vault-batch-token': {
    valid: [
      [`ENV VAULT_TOKEN=${mk.vaultBatch()}`, mk.vaultBatch(), 'high'],
      [`{"auth": {"client_token": "${mk.vaultBatch(1097)}"}}`, mk.vaultBatch(1097), 'high'],
    ],
    invalid: [
      `vault login hv${'b.'}${random(BASE64URL, 40, 1098)}`,
      `vault login hv${'b.'}${'A'.repeat(150)}`,
      'vault login hvb.<batch-token>',
    ],
  },
  'vault-recovery-token': {
    valid: [
      [`ENV VAULT_TOKEN=${mk.vaultShort('r', 1099)}`, mk.vaultShort('r', 1099), 'high'],
      [`curl -H "X-Vault-Token: ${mk.vault('r', 1100)}" http://127.0.0.1:8200/v1/sys/raw/logical`, mk.vault('r', 1100), 'high'],
    ],
    invalid: [
      `vault login hv${'r.'}${random(BASE62, 12, 1101)}`,
      `vault login xhv${'r.'}${random(BASE62, 24, 1102)}`,
      'vault login hvr.${RECOVERY_TOKEN}',
    ],
  },
  'vault-legacy-token': {
    valid: [
      [`ENV VAULT_TOKEN=${mk.vaultLegacy()}`, mk.vaultLegacy(), 'high'],
      [`curl -H "X-Vault-Token: ${mk.vaultLegacy(1103)}" https://vault.internal:8200/v1/sys/health`, mk.vaultLegacy(1103), 'high'],
      [`vault_token = "${mk.vaultLegacy(1104)}.aBc12"`, `${mk.vaultLegacy(1104)}.aBc12`, 'high'],
    ],
    invalid: [
      'ENV VAULT_TOKEN=${VAULT_TOKEN}',
      `ENV VAULT_TOKEN_PATH=/run/secrets/vault`,
      `echo ${mk.vaultLegacy()}`,
      'credentials: new AWS.SharedIniFileCredentials({ profile: s.AcceptanceTimeoutSecondsX })',
      `vault_token: s.${'x'.repeat(24)}`,
    ],
  },
  'terraform-cloud-api-token': {
    valid: [
      [`credentials "app.terraform.io" {\n  token = "${tfc}"\n}`, tfc, 'high'],
      [`ENV TFE_TOKEN=${mk.terraform(1105)}`, mk.terraform(1105), 'high'],
    ],
    invalid: [
      `token = "xxxxxxxxxxxxxx.atlas${'v1.'}${'x'.repeat(67)}"`,
      `echo ${random(BASE62, 13, 1106)}.atlas${'v1.'}${random(BASE62, 67, 1107)}`,
      `echo ${random(BASE62, 20, 1108)}.atlas${'v1.'}${random(BASE62, 67, 1109)}`,
      `echo ${random(BASE62, 14, 1110)}.atlas${'v1.'}${random(BASE62, 40, 1111)}`,
    ],
  },
  'heroku-api-key': {
    valid: [
      [`ENV HEROKU_API_KEY=${mk.heroku()}`, mk.heroku(), 'high'],
      [`machine api.heroku.com\n  login ci@acme.dev\n  password ${mk.herokuUuid()}\n`, mk.herokuUuid(), 'high'],
    ],
    invalid: [
      `Current prefixed token example: "HR${'KU-'}57dce771-afad-4c41-a8a5-d10b7fbc743c"`,
      `Prefixed token example after change: "HR${'KU-'}AALJCYR7SRzPkj9_BGqhi1jAI1J5P4WfD6ITENvdVydAPCnNcAlrMMahHrTo"`,
      `echo ${mk.heroku().slice(0, 50)}`,
      `echo HR${'KU-'}${make.uuid(1112).toUpperCase()}`,
      'heroku config:set TOKEN_PREFIX=HRKU-',
    ],
  },
  'doppler-token': {
    valid: [
      [`ENV DOPPLER_TOKEN=${mk.doppler('st')}`, mk.doppler('st'), 'high'],
      [`RUN doppler run --token ${mk.doppler('pt', 1113)} -- ./start`, mk.doppler('pt', 1113), 'high'],
      [`doppler_token: dp.st.prd.${random(BASE62, 40, 1114)}`, `dp.st.prd.${random(BASE62, 40, 1114)}`, 'high'],
      [`{"token": "${mk.doppler('sa', 1115)}"}`, mk.doppler('sa', 1115), 'high'],
    ],
    invalid: [
      'ENV DOPPLER_TOKEN=dp.st.${DOPPLER_ENV}',
      `echo dp${'.pt.'}${random(BASE62, 30, 1116)}`,
      `echo dp${'.pt.'}${random(BASE62, 50, 1117)}`,
      `echo dp${'.xx.'}${random(BASE62, 43, 1118)}`,
      `echo dp${'.pt.'}${'x'.repeat(43)}`,
    ],
  },
  'databricks-pat': {
    valid: [
      [`ENV DATABRICKS_TOKEN=${mk.databricks()}`, mk.databricks(), 'high'],
      [`[DEFAULT]\nhost = https://acme.cloud.databricks.com\ntoken = ${mk.databricks(1119)}-2\n`, `${mk.databricks(1119)}-2`, 'high'],
    ],
    invalid: [
      `ENV DATABRICKS_TOKEN=da${'pi'}123456789012345678a9bc01234defg5`,
      `echo ${mk.databricks().slice(0, 30)}`,
      `echo ${mk.databricks()}0`,
      `echo ${mk.databricks().toUpperCase()}`,
      'import dapi_client; dapi_client.connect()',
    ],
  },
  'flyio-access-token': {
    valid: [
      [`ENV FLY_API_TOKEN=${mk.flyio()}`, mk.flyio(), 'high'],
      [`RUN flyctl deploy --access-token ${mk.flyio(1120)}`, mk.flyio(1120), 'high'],
    ],
    invalid: [
      `api_key = "fo${'1_'}${'x'.repeat(43)}"`,
      `<input name="authenticity_token" value="7SWa-Fo${'1_'}${random(BASE64URL, 80, 1121)}">`,
      `echo ${mk.flyio().slice(0, 40)}`,
      `echo ${mk.flyio()}Z`,
    ],
  },
  'flyio-macaroon-token': {
    valid: [
      [`ENV FLY_API_TOKEN="FlyV1 ${macaroon}"`, macaroon, 'high'],
      [`fly_token: FlyV1 ${macaroon2}`, macaroon2, 'high'],
      [`FLY_API_TOKEN=FlyV1 ${'fm' + '1r_' + random(BASE64, 200, 1122)}`, 'fm' + '1r_' + random(BASE64, 200, 1122), 'medium'],
    ],
    invalid: [
      `echo FlyV1 fm${'2_'}${random(BASE64, 40, 1123)}`,
      `echo Nfm${'2_'}${random(BASE64URL, 200, 1124)}.jpg`,
      `echo FlyV1 fm${'2_'}${'A'.repeat(200)}`,
      'FLY_API_TOKEN="FlyV1 ${FLY_TOKEN}"',
    ],
  },
  'pulumi-access-token': {
    valid: [
      [`ENV PULUMI_ACCESS_TOKEN=${mk.pulumi()}`, mk.pulumi(), 'high'],
      [`RUN pulumi login --non-interactive && echo ${mk.pulumi(1125)} > /root/.pulumi/token`, mk.pulumi(1125), 'high'],
    ],
    invalid: [
      `<img src="./assets/vipu${'l-'}${random(HEX, 64, 1126)}.png">`,
      `echo ${mk.pulumi().slice(0, 40)}`,
      `echo pu${'l-'}${random(HEX, 40, 1127).toUpperCase()}`,
      'ENV PULUMI_ACCESS_TOKEN=pul-${TOKEN}',
    ],
  },
  'supabase-pat': {
    valid: [
      [`ENV SUPABASE_ACCESS_TOKEN=${mk.supabase()}`, mk.supabase(), 'high'],
      [`RUN supabase login --token ${mk.supabase(1128)}`, mk.supabase(1128), 'high'],
    ],
    invalid: [`echo sb${'p_'}${'0'.repeat(40)}`, `echo ${mk.supabase().slice(0, 40)}`, `echo ${mk.supabase()}f`, `echo x${mk.supabase()}`],
  },
  'planetscale-api-token': {
    valid: [
      [`ENV PLANETSCALE_SERVICE_TOKEN=${mk.planetScale()}`, mk.planetScale(), 'high'],
      [`RUN pscale deploy-request create app main --service-token ${mk.planetScale('tkn', 1129)}.`, mk.planetScale('tkn', 1129), 'high'],
    ],
    invalid: [`echo pscale${'_tkn_'}${random(BASE62, 20, 1130)}`, `echo pscale${'_tkn_'}${random(BASE62, 70, 1131)}`, 'echo pscale_tkn_${TOKEN}'],
  },
  'planetscale-password': {
    valid: [
      [`DATABASE_URL=mysql://app:${mk.planetScale('pw')}@aws.connect.psdb.cloud/app?sslaccept=strict`, mk.planetScale('pw'), 'high'],
      [`password: ${mk.planetScale('pw', 1132)}`, mk.planetScale('pw', 1132), 'high'],
    ],
    invalid: [`echo pscale${'_pw_'}${'x'.repeat(43)}`, `echo pscale${'_pw_'}${random(BASE62, 16, 1133)}`, 'password: pscale_pw_<password>'],
  },
  'planetscale-oauth-token': {
    valid: [
      [`Authorization: Bearer ${mk.planetScale('oauth')}`, mk.planetScale('oauth'), 'high'],
      [`{"access_token": "${mk.planetScale('oauth', 1134)}"}`, mk.planetScale('oauth', 1134), 'high'],
    ],
    invalid: [`echo pscale${'_oauth_'}${random(BASE62, 10, 1135)}`, `echo Xpscale${'_oauth_'}${random(BASE62, 43, 1136)}`, 'echo pscale_oauth_'],
  },
  'tailscale-key': {
    valid: [
      [`ENV TS_AUTHKEY=${mk.tailscale()}`, mk.tailscale(), 'high'],
      [`RUN tailscale up --authkey=${mk.tailscale('auth', 1137)} --hostname=builder`, mk.tailscale('auth', 1137), 'high'],
      [`oauth:\n  client_secret: ${mk.tailscale('client', 1139)}\n`, mk.tailscale('client', 1139), 'high'],
      [`TS_API_KEY=ts${'key-api-'}${random(BASE62, 10, 1141)}-${random(BASE62, 33, 1142)}`, `ts${'key-api-'}${random(BASE62, 10, 1141)}-${random(BASE62, 33, 1142)}`, 'medium'],
    ],
    invalid: [
      `ts${'key-api-'}abcDEF1CNTRL-091234567890ABCDEF`,
      `OAUTH_CLIENT_SECRET=ts${'key-client-'}123456CNTRL-abcdefghijklmnopqrstuvwxyz`,
      'tailscale up --authkey=tskey-auth-XXXXXX',
      'tailscale up --authkey=${TS_AUTHKEY}',
      `echo ts${'key-auth-k'}${random(BASE62, 8, 1143)}CNTRL-${random(BASE62, 10, 1144)}`,
    ],
  },
  'netlify-pat': {
    valid: [
      [`ENV NETLIFY_AUTH_TOKEN=${mk.netlify()}`, mk.netlify(), 'high'],
      [`RUN netlify deploy --prod --auth ${mk.netlify(1145)}`, mk.netlify(1145), 'high'],
    ],
    invalid: [`echo nf${'p_'}${'x'.repeat(36)}`, `echo ${mk.netlify().slice(0, 30)}`, `echo ${mk.netlify()}q`, 'def nfp_compute_wavelet_transform(self): pass'],
  },
  'render-api-key': {
    valid: [
      [`ENV RENDER_API_KEY=${mk.render()}`, mk.render(), 'medium'],
      [`curl -H "Authorization: Bearer ${mk.render(1146)}" https://api.render.com/v1/services`, mk.render(1146), 'medium'],
    ],
    invalid: [
      'RENDER_API_KEY=rnd_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'RENDER_API_KEY=rnd_${RENDER_KEY}',
      'static int rnd_generateRandomNumberState(void);',
      `echo rn${'d_'}${random(BASE62, 12, 1147)}`,
    ],
  },
  'atlassian-api-token': {
    valid: [
      [`ENV JIRA_API_TOKEN=${mk.atlassian()}`, mk.atlassian(), 'high'],
      [`curl -u ci@acme.dev:${mk.atlassian(1148)} https://acme.atlassian.net/rest/api/3/myself`, mk.atlassian(1148), 'high'],
    ],
    invalid: [
      `echo ATA${'TT3'}${'x'.repeat(186)}`,
      `echo ${mk.atlassian().slice(0, 120)}`,
      'JIRA_API_TOKEN=ATATT3xFfGF0...',
      `echo ATA${'TT3xFfGF0'}${random(BASE64URL, 171, 1150)}`,
    ],
  },
  'infracost-api-key': {
    valid: [
      [`ENV INFRACOST_API_KEY=${mk.infracost()}`, mk.infracost(), 'high'],
      [`RUN infracost configure set api_key ${mk.infracost(1151)}`, mk.infracost(1151), 'high'],
    ],
    invalid: [
      `ENV INFRACOST_API_KEY=ic${'o-'}${'X'.repeat(32)}`,
      `http://assets.r7.com/video_box.ic${'o-'}${random(HEX, 32, 1152)}.png`,
      `<link rel="icon" href="/static/favicon-${random(HEX, 32, 1153)}.ico">`,
      `echo ic${'o-'}${random(HEX, 32, 1154)}`,
      `echo Mexic${'o-'}${random(BASE62, 32, 1155)}`,
    ],
  },
  '1password-service-account-token': {
    valid: [
      [`ENV OP_SERVICE_ACCOUNT_TOKEN=${mk.onePasswordToken()}`, mk.onePasswordToken(), 'high'],
      [`op:\n  serviceAccountToken: "${mk.onePasswordToken(1160)}"\n`, mk.onePasswordToken(1160), 'high'],
    ],
    invalid: [
      'export OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...',
      `echo op${'s_'}${b64(JSON.stringify({ note: random(BASE62, 300, 1167) })).replace(/=+$/, '')}`,
      `echo op${'s_eyJ'}${'x'.repeat(300)}`,
      'OP_SERVICE_ACCOUNT_TOKEN=${OP_TOKEN}',
    ],
  },
  '1password-secret-key': {
    valid: [
      [`Secret Key: ${mk.onePasswordSecretKey()}`, mk.onePasswordSecretKey(), 'medium'],
      [`OP_SECRET_KEY=A${'3-'}${random(UPPER + DIGITS, 6, 1168)}-${random(UPPER + DIGITS, 11, 1169)}-${random(UPPER + DIGITS, 5, 1170)}-${random(UPPER + DIGITS, 5, 1171)}-${random(UPPER + DIGITS, 5, 1172)}`,
        `A${'3-'}${random(UPPER + DIGITS, 6, 1168)}-${random(UPPER + DIGITS, 11, 1169)}-${random(UPPER + DIGITS, 5, 1170)}-${random(UPPER + DIGITS, 5, 1171)}-${random(UPPER + DIGITS, 5, 1172)}`, 'medium'],
    ],
    invalid: [
      `A${'3-'}ASWWYB-798JRY-LJVD4-23DC2-86TVM-H43EB`,
      `A${'3-'}XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX`,
      `A${'3-'}xXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX`,
      'Paper size A3-A4 comparison table',
      `echo ${mk.onePasswordSecretKey().slice(0, 25)}`,
    ],
  },
  'age-secret-key': {
    valid: [
      [`# created: 2024-05-01T10:00:00Z\n# public key: age1${random('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58, 1173)}\n${mk.age()}\n`, mk.age(), 'high'],
      [`ENV SOPS_AGE_KEY=${mk.age(1174)}`, mk.age(1174), 'high'],
    ],
    invalid: [
      `AGE-SECRET${'-KEY-1'}${'Q'.repeat(58)}`,
      `echo ${mk.age().slice(0, 60)}`,
      `echo ${mk.age().toLowerCase()}`,
      'SOPS_AGE_KEY=AGE-SECRET-KEY-1...',
      `echo ${mk.age()}Q`,
    ],
  },
};
