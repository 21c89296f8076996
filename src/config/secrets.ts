// Literal secrets in a config end up in generated files that people commit, so a config holding one is
// refused before anything else runs. Alertmanager reads every secret memgen needs from a file
// (routing_key_file, api_url_file, credentials_file, url_file); the messages say which field to use instead.
import { joinPath, type ConfigProblem } from './errors.js';

type Segment = string | number;

export interface LiteralSecret {
  segments: Segment[];
  /** What was found, for the message; never the value itself. */
  what: string;
  /** How to pass it as a file instead. */
  hint: string;
}

const FILE_HINT = 'write the value to a file Alertmanager can read (e.g. under /etc/alertmanager/secrets/) and give its path';

// Keys whose value is a secret whatever it looks like. `*File` keys hold paths and are what we want.
const SECRET_KEYS: Record<string, { what: string; instead: string }> = {
  routingkey: { what: 'a PagerDuty routing key', instead: 'routingKeyFile' },
  servicekey: { what: 'a PagerDuty service key', instead: 'routingKeyFile' },
  integrationkey: { what: 'a PagerDuty integration key', instead: 'routingKeyFile' },
  apiurl: { what: 'a Slack webhook URL', instead: 'apiUrlFile' },
  apikey: { what: 'an API key', instead: 'a *File field' },
  token: { what: 'a token', instead: 'credentialsFile' },
  bearertoken: { what: 'a bearer token', instead: 'credentialsFile' },
  credentials: { what: 'credentials', instead: 'credentialsFile' },
  password: { what: 'a password', instead: 'a *File field' },
  secret: { what: 'a secret', instead: 'a *File field' },
};

// Query parameters and path words that carry credentials in webhook URLs.
const SECRET_QUERY = /^(token|access_token|auth|auth_token|key|api_key|apikey|secret|sig|signature|password|code|routing_key|integration_key)$/i;
// A path segment that looks machine-generated: long, and mixing letters and digits.
const TOKEN_SEGMENT = /^(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}$/;
// PagerDuty Events API v2 routing keys and v1 service keys: 32 letters and digits.
const PAGERDUTY_KEY = /^(?=.*[0-9])(?=.*[a-zA-Z])[A-Za-z0-9]{32}$/;

const URL_HINT = `${FILE_HINT}: either keep \`url\` without credentials and put a bearer token in \`credentialsFile\`, or move the whole URL to a file and set \`urlFile\` (Alertmanager 0.26 or later)`;

/**
 * Why a URL is secret-looking, or undefined when it is not. A token-like path segment counts only in receiver
 * URLs: elsewhere (a runbook link to a commit) long ids are ordinary.
 */
function urlSecret(value: string, inAlertmanager: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  if (url.hostname === 'hooks.slack.com') return 'a Slack incoming-webhook URL (its path is the token)';
  if (url.username || url.password) return 'a URL with a user name or password in it';
  for (const name of url.searchParams.keys()) if (SECRET_QUERY.test(name)) return `a URL with a '${name}' query parameter`;
  if (inAlertmanager && url.pathname.split('/').some((s) => TOKEN_SEGMENT.test(s))) return 'a URL whose path holds a token';
  return undefined;
}

function scan(value: unknown, segments: Segment[], inAlertmanager: boolean, found: LiteralSecret[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => scan(v, [...segments, i], inAlertmanager, found));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const at = [...segments, key];
      // Own keys only: a label named `constructor` must not find Object.prototype.constructor.
      const normalised = key.toLowerCase().replace(/[-_]/g, '');
      const secretKey = Object.hasOwn(SECRET_KEYS, normalised) ? SECRET_KEYS[normalised] : undefined;
      if (secretKey && typeof v === 'string' && v.length > 0) {
        found.push({ segments: at, what: secretKey.what, hint: `${FILE_HINT} in \`${secretKey.instead}\`` });
        continue;
      }
      scan(v, at, inAlertmanager || (segments.length === 0 && key === 'alertmanager'), found);
    }
    return;
  }
  if (typeof value !== 'string') return;
  const inUrl = urlSecret(value, inAlertmanager);
  if (inUrl) {
    const slack = inUrl.startsWith('a Slack');
    found.push({ segments, what: inUrl, hint: slack ? `${FILE_HINT} in a slack receiver's \`apiUrlFile\`` : URL_HINT });
  } else if (inAlertmanager && PAGERDUTY_KEY.test(value)) {
    found.push({ segments, what: 'what looks like a PagerDuty routing key', hint: `${FILE_HINT} in \`routingKeyFile\`` });
  }
}

/** Every literal secret in a config as loaded (before schema validation, so misplaced keys are caught too). */
export function findLiteralSecrets(config: unknown): LiteralSecret[] {
  const found: LiteralSecret[] = [];
  scan(config, [], false, found);
  return found;
}

export function secretProblems(config: unknown): ConfigProblem[] {
  return findLiteralSecrets(config).map((s) => ({
    path: joinPath(s.segments),
    segments: s.segments,
    message: `${s.what} is written in the config; secrets must not be, since memgen's output is committed`,
    hint: s.hint,
  }));
}
