/**
 * Webhook endpoints (FEATURES 2.6): on a rule action, an HTTP POST with a JSON body to a configured address. The
 * fields are those of S2:12741-12751: a unique name, an address, an optional token (a shared secret that signs every
 * delivery, so the receiver can check where it came from) and an API version (the shape of the body).
 */

// persisted: do not rename (stored in events and sent to receivers)
export const WEBHOOK_API_VERSIONS = ['v1'] as const;
export type WebhookApiVersion = (typeof WEBHOOK_API_VERSIONS)[number];

export type WebhookDefinition = Readonly<{
  id: string;
  name: string;
  /** An absolute http: or https: URL. */
  address: string;
  /** The shared secret: never shown after it is set. */
  token?: string;
  apiVersion: WebhookApiVersion;
}>;

export const WEBHOOK_NAME_MAX_LENGTH = 100;
export const WEBHOOK_ADDRESS_MAX_LENGTH = 2_048;
export const WEBHOOK_TOKEN_MAX_LENGTH = 256;

const addressProblems = (address: unknown): string[] => {
  if (typeof address !== 'string' || address.trim() === '') {
    return ['address is required'];
  }
  if (address.length > WEBHOOK_ADDRESS_MAX_LENGTH) {
    return [`address must have at most ${WEBHOOK_ADDRESS_MAX_LENGTH} characters`];
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return [`address '${address}' is not an absolute URL`];
  }
  const problems: string[] = [];
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`address must be an http or https URL, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username !== '' || url.password !== '') {
    problems.push('address must not hold credentials (use the token)'); // the address is shown; the token is not
  }
  return problems;
};

/**
 * Why a definition is invalid (every problem, never the token's value); empty when it is valid. Data from outside
 * is checked field by field.
 */
export const webhookProblems = (webhook: WebhookDefinition): string[] => {
  const problems: string[] = [];
  if (typeof webhook.id !== 'string' || webhook.id.trim() === '') {
    problems.push('id is required');
  }
  const name = typeof webhook.name === 'string' ? webhook.name.trim() : '';
  if (name.length === 0 || name.length > WEBHOOK_NAME_MAX_LENGTH) {
    problems.push(`name must have 1 to ${WEBHOOK_NAME_MAX_LENGTH} characters`);
  }
  problems.push(...addressProblems(webhook.address));
  const token: unknown = webhook.token;
  if (
    token !== undefined &&
    (typeof token !== 'string' || token.length === 0 || token.length > WEBHOOK_TOKEN_MAX_LENGTH)
  ) {
    problems.push(`token must have 1 to ${WEBHOOK_TOKEN_MAX_LENGTH} characters`);
  }
  if (!(WEBHOOK_API_VERSIONS as readonly unknown[]).includes(webhook.apiVersion)) {
    problems.push(`apiVersion must be one of ${WEBHOOK_API_VERSIONS.join(', ')}`);
  }
  return problems;
};
