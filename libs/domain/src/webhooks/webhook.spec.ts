import { webhookProblems, type WebhookDefinition } from './webhook';

const valid: WebhookDefinition = {
  id: 'wh-1',
  name: 'Ticketing',
  address: 'https://example.com/hook',
  apiVersion: 'v1',
};

describe('webhook validation', () => {
  it('accepts http and https addresses, with or without a token', () => {
    expect(webhookProblems(valid)).toEqual([]);
    expect(webhookProblems({ ...valid, address: 'http://10.0.0.5:8080/x?y=1', token: 't'.repeat(256) })).toEqual([]);
  });

  it('reports every problem at once', () => {
    const problems = webhookProblems({
      id: '',
      name: 'n'.repeat(101),
      address: 'not a url',
      token: 't'.repeat(257),
      apiVersion: 'v2' as 'v1',
    });

    expect(problems).toEqual([
      'id is required',
      'name must have 1 to 100 characters',
      "address 'not a url' is not an absolute URL",
      'token must have 1 to 256 characters',
      'apiVersion must be one of v1',
    ]);
  });

  it('refuses other schemes and credentials in the address, and a missing address', () => {
    expect(webhookProblems({ ...valid, address: 'file:///etc/passwd' })).toEqual([
      'address must be an http or https URL, not file',
    ]);
    expect(webhookProblems({ ...valid, address: 'https://user:pw@example.com/' })).toEqual([
      'address must not hold credentials (use the token)',
    ]);
    expect(webhookProblems({ ...valid, address: '' })).toEqual(['address is required']);
    expect(webhookProblems({ ...valid, address: `https://example.com/${'a'.repeat(2_048)}` })).toEqual([
      'address must have at most 2048 characters',
    ]);
  });

  it('never echoes the token in a problem', () => {
    const token = 'x'.repeat(300);

    expect(webhookProblems({ ...valid, token }).join(' ')).not.toContain(token);
  });
});
