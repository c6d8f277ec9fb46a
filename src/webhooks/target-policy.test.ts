import { describe, expect, it } from 'vitest';
import { isPrivateAddress, webhookTargetProblem } from './target-policy.ts';

describe('where webhooks may go (no requests into the server’s own network)', () => {
  it.each([
    ['https://127.0.0.1/hook', 'private_address'],
    ['https://10.20.30.40/hook', 'private_address'],
    ['https://169.254.169.254/latest/meta-data', 'private_address'],
    ['https://192.168.1.10/hook', 'private_address'],
    ['https://[::1]/hook', 'private_address'],
    ['https://[fd00::1]/hook', 'private_address'],
    ['https://[::ffff:10.0.0.1]/hook', 'private_address'],
    ['https://localhost/hook', 'private_address'],
    ['http://localhost:8080/hook', 'private_address'],
    ['http://kp.gov.example/hook', 'scheme'],
    ['ftp://kp.gov.example/hook', 'scheme'],
    ['not a url', 'not_a_url'],
    ['https://8.8.8.8/hook', null],
    ['https://[2001:4860:4860::8888]/hook', null],
  ])('%s → %s by default', async (url, problem) => {
    expect(await webhookTargetProblem(url, { allowPrivate: false })).toBe(problem);
  });

  it('a relay on the same network is allowed only where configuration says so, and plain http only to loopback', async () => {
    expect(await webhookTargetProblem('http://127.0.0.1:9000/hook', { allowPrivate: true })).toBeNull();
    expect(await webhookTargetProblem('https://10.20.30.40/hook', { allowPrivate: true })).toBeNull();
    expect(await webhookTargetProblem('http://10.20.30.40/hook', { allowPrivate: true })).toBe('scheme');
  });

  it('classifies addresses', () => {
    expect(isPrivateAddress('172.31.255.255')).toBe(true);
    expect(isPrivateAddress('172.32.0.1')).toBe(false);
    expect(isPrivateAddress('100.64.0.1')).toBe(true);
    expect(isPrivateAddress('fe80::1')).toBe(true);
    expect(isPrivateAddress('not-an-ip')).toBe(true);
  });
});
