import { StudioError } from '@studio/contracts';
import { type AddressPolicy, inCidr, parseIp } from './address-policy.js';
import { type HostLookup, resolveWebhookTarget, systemLookup, type WebhookTarget } from './webhook-target.js';

/**
 * Checks the base URL of a person's own model key (docs/API.md "Your own model keys") with the webhooks' rules
 * (no credentials in it; every address its host resolves to passes the address policy), and one more: plain
 * http only to an address the operator allowed (WEBHOOK_ALLOWED_CIDRS), since the key travels in every request.
 * Refused with PROVIDER_URL_REFUSED. The API calls it when the key is saved, the worker again before it builds
 * a client, because the name may resolve elsewhere by then.
 */
export async function checkProviderBaseUrl(raw: string, policy: AddressPolicy, lookup: HostLookup = systemLookup): Promise<WebhookTarget> {
  let target: WebhookTarget;
  try {
    target = await resolveWebhookTarget(raw, policy, lookup);
  } catch (err) {
    if (!(err instanceof StudioError) || err.code !== 'WEBHOOK_URL_REFUSED') throw err;
    const reason = typeof err.details?.reason === 'string' ? err.details.reason : undefined;
    const why = reason ? `its host is or resolves to a ${reason} address` : 'it must be an http(s) URL without credentials whose host resolves to public addresses';
    throw new StudioError('PROVIDER_URL_REFUSED', `The base URL is refused: ${why}.`, reason ? { reason } : {});
  }
  if (target.url.protocol === 'http:') {
    const allowed = target.addresses.every((a) => {
      const ip = parseIp(a.address);
      return ip !== null && policy.allowed.some((c) => inCidr(ip, c));
    });
    if (!allowed) throw new StudioError('PROVIDER_URL_REFUSED', 'The base URL is refused: use https (plain http only to an address the operator allows), the key travels in every request.');
  }
  return target;
}
