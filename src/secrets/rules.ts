/**
 * memsync's own secret rules: the token forms secretlint's recommended preset (9.3) does not
 * catch, or catches only in some spellings (an AWS key id without an `aws_...=` label, Anthropic
 * keys, OpenAI keys without the T3BlbkFJ marker, JWTs, Slack webhooks, `password=`-style
 * assignments). Each rule's regex is global; `secret` names the group holding the secret itself.
 */
import { joinedRegex } from '../util/regex.ts';

export interface SecretRule {
  id: string;
  re: RegExp;
  /** The capture group that is the secret (0: the whole match). */
  group?: number;
  /** A final check on the secret, to drop lookalikes (placeholders, examples). */
  keep?: (secret: string) => boolean;
}

/** Words that mark a value as a placeholder or reference rather than a real secret (any one, the whole value). */
const PLACEHOLDERS = [
  /^(?:x+|\*+|\.+|-+|_+|<[^>]*>|\[[^\]]*\]|\{\{.*\}\}|\$\{?[A-Za-z_].*|%[A-Za-z_]+%?)$/i,
  /^(?:(?:process\.env|os\.environ|env)\b.*|your[_-].*|changeme|example.*|placeholder.*|redacted.*|dummy.*)$/i,
  /^(?:test(?:ing)?|password\d*|secret\d*|null|none|undefined|true|false)$/i,
];

/** Distinct characters per length: a real random value has many, a lookalike such as aaaa1111 few. */
function looksRandom(s: string, minDistinct: number): boolean {
  return new Set(s).size >= minDistinct;
}

export const OUR_RULES: readonly SecretRule[] = [
  // AKIA (long-term) and ASIA (temporary) key ids; AWS's documented example key ends in EXAMPLE.
  {
    id: 'memsync/aws-access-key-id',
    re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g,
    keep: (s) => !s.endsWith('EXAMPLE'),
  },
  {
    id: 'memsync/aws-secret-access-key',
    re: /\baws_?secret_?(?:access_?)?key\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
    keep: (s) => !/EXAMPLEKEY$/.test(s) && looksRandom(s, 12),
  },
  { id: 'memsync/github-token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{82}\b/g },
  { id: 'memsync/anthropic-api-key', re: /\bsk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{80,}/g },
  // sk-proj-, sk-svcacct-, sk-admin- and the older sk-<48>; sk-ant- is Anthropic's, above.
  {
    id: 'memsync/openai-api-key',
    re: /\bsk-(?!ant-)(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/g,
    keep: (s) => looksRandom(s, 16),
  },
  { id: 'memsync/slack-token', re: /\bxox[abposr]-(?:\d+-)+[A-Za-z0-9-]{10,}/g },
  {
    id: 'memsync/slack-webhook',
    re: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/T[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]{16,}/g,
  },
  {
    id: 'memsync/private-key',
    re: joinedRegex(
      'g',
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/,
      /[\s\S]*?/,
      /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/,
    ),
  },
  // header.payload.signature, each base64url; both header and payload are JSON objects ("eyJ" = '{"').
  { id: 'memsync/jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g },
  {
    // password = "…", api_key: …, client_secret=…; long values only (12+), no placeholders.
    id: 'memsync/password-assignment',
    re: joinedRegex(
      'gi',
      /\b[\w.-]*(?:passw(?:or)?d|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|private[_-]?key)/,
      /["']?\s*(?::=|=>|[:=])\s*(["'`]?)([^\s"'`,;]{12,})\1/,
    ),
    group: 2,
    keep: (s) => !PLACEHOLDERS.some((p) => p.test(s)) && looksRandom(s, 6),
  },
];
