import { webhookSignature } from './webhook-signature.js';

describe('webhookSignature', () => {
  it('matches a vector computed independently (openssl dgst -sha256 -hmac)', () => {
    // printf '%s' '1700000000.{"id":"d1","event":"turn.completed"}' | openssl dgst -sha256 -hmac 'whsec-test-0123456789'
    expect(webhookSignature('whsec-test-0123456789', 1700000000, '{"id":"d1","event":"turn.completed"}')).toBe('sha256=8c059b97d8611fc2623665df5d5fa4eb7329b70741ac8830c1708a43261bc5c1');
  });

  it('changes with the timestamp, the body and the secret', () => {
    const base = webhookSignature('whsec-test-0123456789', 1700000000, '{}');
    expect(webhookSignature('whsec-test-0123456789', 1700000001, '{}')).not.toBe(base);
    expect(webhookSignature('whsec-test-0123456789', 1700000000, '{} ')).not.toBe(base);
    expect(webhookSignature('whsec-test-012345678X', 1700000000, '{}')).not.toBe(base);
  });
});
