import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where Kimberlite may send events. A participant administrator chooses the address, so it must
 * not become a way to reach the server's own network (SSRF): https to public addresses only.
 * Private, loopback and link-local targets (and plain http, to loopback only) are for a national
 * system's relay on the same network and must be allowed by configuration
 * (`WEBHOOK_ALLOW_PRIVATE_TARGETS`).
 */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export type TargetProblem = 'not_a_url' | 'scheme' | 'private_address';

/**
 * Null when events may go to `url`. Host names are resolved: every address must be public unless
 * private targets are allowed. A name that does not resolve (yet) is judged again at delivery.
 */
export async function webhookTargetProblem(url: string, { allowPrivate }: { allowPrivate: boolean }): Promise<TargetProblem | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not_a_url';
  }
  const host = parsed.hostname;
  if (parsed.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(host)) return 'scheme';
    return allowPrivate ? null : 'private_address';
  }
  if (parsed.protocol !== 'https:') return 'scheme';
  if (allowPrivate) return null;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return isPrivateAddress(bare) ? 'private_address' : null;
  try {
    const addresses = await lookup(bare, { all: true });
    return addresses.some((entry) => isPrivateAddress(entry.address)) ? 'private_address' : null;
  } catch {
    return null;
  }
}
