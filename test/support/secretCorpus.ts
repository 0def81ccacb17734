/**
 * Real-looking secrets of each kind the issue names, and lookalikes that are not secrets. The
 * secrets are made up at run time from a seeded generator (none is a real credential), in the
 * exact shapes the services issue.
 */
export interface CorpusCase {
  kind: string;
  text: string;
}

function generator(seed: number) {
  let x = seed >>> 0;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;

export function secretCorpus(seed = 7): CorpusCase[] {
  const r = generator(seed);
  const pem = (label: string) =>
    `-----BEGIN ${label}-----\n${Array.from({ length: 6 }, () => r(B64, 64)).join('\n')}\n${r(B64, 20)}==\n-----END ` +
    `${label}-----`;
  const jwtPart = (json: string) => Buffer.from(json).toString('base64url');
  return [
    {
      kind: 'aws access key id',
      text: `The deploy user's key is ${`AKIA${r(`${UPPER}234567`, 16)}`} (rotate monthly).`,
    },
    { kind: 'aws temporary key id', text: `export AWS_ACCESS_KEY_ID=${`ASIA${r(`${UPPER}234567`, 16)}`}` },
    { kind: 'aws secret access key', text: `aws_secret_access_key = ${r(B64, 40)}` },
    { kind: 'github classic token', text: `Use token ghp_${r(ALNUM, 36)} for the CI bot.` },
    { kind: 'github oauth token', text: `gho_${r(ALNUM, 36)}` },
    { kind: 'github fine-grained token', text: `GH_TOKEN=github_pat_${r(ALNUM, 22)}_${r(ALNUM, 59)}` },
    { kind: 'anthropic api key', text: `ANTHROPIC_API_KEY=sk-ant-api03-${r(B64URL, 93)}AA` },
    { kind: 'anthropic admin key', text: `admin key: sk-ant-admin01-${r(B64URL, 93)}AA` },
    { kind: 'openai project key', text: `OPENAI_API_KEY="sk-proj-${r(B64URL, 74)}T3BlbkFJ${r(B64URL, 74)}"` },
    { kind: 'openai project key (no marker)', text: `the key sk-proj-${r(B64URL, 120)} works for the eval` },
    { kind: 'openai legacy key', text: `openai.api_key = 'sk-${r(ALNUM, 20)}T3BlbkFJ${r(ALNUM, 20)}'` },
    { kind: 'openai service account key', text: `sk-svcacct-${r(B64URL, 74)}T3BlbkFJ${r(B64URL, 74)}` },
    { kind: 'slack bot token', text: `SLACK_BOT_TOKEN=xoxb-${r(DIGITS, 12)}-${r(DIGITS, 13)}-${r(ALNUM, 24)}` },
    {
      kind: 'slack user token',
      text: `xoxp-${r(DIGITS, 12)}-${r(DIGITS, 12)}-${r(DIGITS, 13)}-${r(`abcdef${DIGITS}`, 32)}`,
    },
    {
      kind: 'slack webhook',
      text:
        'alerts go to ' +
        `https://hooks.slack.com/services/T${r(UPPER + DIGITS, 8)}/B${r(UPPER + DIGITS, 10)}/${r(ALNUM, 24)}`,
    },
    { kind: 'rsa private key', text: `deploy key: ${pem('RSA PRIVATE KEY')}` },
    { kind: 'openssh private key', text: pem('OPENSSH PRIVATE KEY') },
    { kind: 'ec private key', text: pem('EC PRIVATE KEY') },
    { kind: 'pkcs8 private key', text: pem('PRIVATE KEY') },
    {
      kind: 'jwt',
      text:
        'Authorization: Bearer ' +
        `${jwtPart('{"alg":"HS256","typ":"JWT"}')}.` +
        `${jwtPart(`{"sub":"${r(DIGITS, 10)}","name":"Dana","iat":1716239022}`)}.${r(B64URL, 43)}`,
    },
    { kind: 'password assignment', text: `db password = "${r(ALNUM, 6)}!${r(ALNUM, 10)}"` },
    { kind: 'env password', text: `POSTGRES_PASSWORD=${r(ALNUM, 20)}` },
    { kind: 'yaml password', text: `  password: ${r(`${ALNUM}#%&`, 18)}` },
    { kind: 'json api key', text: `{"service": "maps", "api_key": "${r(ALNUM, 32)}"}` },
    { kind: 'client secret', text: `CLIENT_SECRET=${r(ALNUM, 40)}` },
    { kind: 'npm token', text: `//registry.npmjs.org/:_authToken=npm_${r(ALNUM, 36)}` },
    { kind: 'sendgrid key', text: `SG.${r(B64URL, 22)}.${r(B64URL, 43)}` },
  ];
}

export function lookalikes(seed = 11): CorpusCase[] {
  const r = generator(seed);
  return [
    { kind: 'aws documentation example key', text: 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE' },
    {
      kind: 'aws documentation example secret',
      text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
    { kind: 'password placeholder', text: 'password = "<your-password-here>"' },
    { kind: 'password from environment', text: 'password: ${DB_PASSWORD_FROM_ENV}' },
    { kind: 'password from process.env', text: 'const password = process.env.DATABASE_PASSWORD;' },
    { kind: 'short password', text: 'password=hunter2' },
    { kind: 'masked password', text: 'password: ****************' },
    {
      kind: 'password prose',
      text: 'The password reset flow sends an email; the password must be at least 12 characters.',
    },
    {
      kind: 'token prefix mention',
      text: 'GitHub classic tokens start with ghp_ and fine-grained ones with github_pat_.',
    },
    {
      kind: 'anthropic prefix mention',
      text: 'Anthropic keys look like sk-ant-api03-... and are kept in the keychain.',
    },
    {
      kind: 'sk- in words',
      text: 'We use sk-learn for the baseline and a risk-free-rate of 4%; see task-runner-configuration.',
    },
    { kind: 'git commit id', text: `fixed in commit ${r(`abcdef${DIGITS}`, 40)}` },
    { kind: 'sha256 checksum', text: `sha256: ${r(`abcdef${DIGITS}`, 64)}` },
    {
      kind: 'uuid',
      text:
        'session ' +
        `${r(`abcdef${DIGITS}`, 8)}-${r(`abcdef${DIGITS}`, 4)}-4${r(`abcdef${DIGITS}`, 3)}` +
        `-a${r(`abcdef${DIGITS}`, 3)}-${r(`abcdef${DIGITS}`, 12)}`,
    },
    { kind: 'public key block', text: `-----BEGIN PUBLIC KEY-----\n${r(B64, 64)}\n-----END PUBLIC KEY-----` },
    { kind: 'ssh public key', text: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r(B64, 43)} dana@laptop` },
    { kind: 'jwt header only', text: 'JWTs begin with eyJhbGciOi because the header is JSON.' },
    { kind: 'api key setting name', text: 'Set api_key in ~/.config/tool.toml (see the docs for api_key_file).' },
    { kind: 'token variable reference', text: 'token = os.environ["GITHUB_TOKEN"]' },
    { kind: 'slack channel link', text: 'Discussed in https://acme.slack.com/archives/C0123456789/p1716239022' },
    { kind: 'base64 image data', text: `![logo](data:image/png;base64,${r(B64, 60)})` },
    { kind: 'repeated characters', text: 'password = "xxxxxxxxxxxxxxxx"' },
    { kind: 'memory note about keys', text: '- The user keeps API keys in 1Password; never paste them into files.' },
  ];
}
