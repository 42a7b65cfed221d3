import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { FORM_NAME_PATTERN } from '@studio/contracts';
import { FormSubmissionsRepository } from '@studio/data';
import { ENV } from '@studio/platform';
import { RateLimitedError } from '../common/domain-error.js';
import { RateLimiter } from '../infra/rate-limiter.service.js';
import { WebhookPublisher } from '../webhooks/webhook-publisher.js';
import { clientAddress } from './client-address.js';
import { formPage, parseForm, readBody } from './form-body.js';
import { answerJson, refuseForm } from './site-answers.js';

/** The site a post arrived at: only ever from its Host's resolution, never from the post itself. */
export interface FormSite {
  siteId: string;
  ownerId: string;
  projectId: string;
}

const RATE_WINDOW_MS = 60_000;

/**
 * `POST /_forms/<name>` on a published site's host (docs/API.md "Sites and publishing"): a person's form
 * submission, checked (size counted as it arrives, FORM_LIMITS, the honeypot), limited per site and
 * visitor address (FORM_RATE_PER_MINUTE, shared by every API process through Redis), stored for the site
 * the Host resolved to, and sent to the owner's webhooks as `form.submitted`. The visitor's address is
 * kept nowhere: a hash with a per-site salt derived from the server's secret stands for it, so the same
 * visitor is one address within a site and unlinkable across sites.
 */
@Injectable()
export class FormEndpoint {
  private readonly logger = new Logger(FormEndpoint.name);

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly submissions: FormSubmissionsRepository,
    private readonly limiter: RateLimiter,
    private readonly webhooks: WebhookPublisher,
  ) {}

  async handle(site: FormSite, name: string, req: IncomingMessage, res: ServerResponse, base: OutgoingHttpHeaders): Promise<void> {
    if (req.method !== 'POST') return refuseForm(res, 'METHOD_NOT_ALLOWED', 'A form endpoint takes POST only.', base, { headers: { Allow: 'POST' } });
    if (!FORM_NAME_PATTERN.test(name)) return refuseForm(res, 'FORM_INVALID', 'A form name has 1 to 40 lowercase letters, digits and hyphens.', base);
    const body = await readBody(req, this.env.FORM_MAX_BYTES);
    if (body === 'too-large') return refuseForm(res, 'FORM_TOO_LARGE', `A form post has at most ${this.env.FORM_MAX_BYTES} bytes.`, base);
    const form = parseForm(req.headers['content-type'], body);
    if (!form.ok) return refuseForm(res, 'FORM_INVALID', form.message, base);
    // A bot filled the field no person sees: refused, and nothing of it kept.
    if (form.honeypot) return refuseForm(res, 'FORM_REJECTED', 'This submission was refused.', base);

    const addressHash = this.addressHash(site.siteId, clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.env.TRUST_PROXY_HOPS));
    try {
      await this.limiter.hit(`form:${site.siteId}:${addressHash}`, this.env.FORM_RATE_PER_MINUTE, RATE_WINDOW_MS);
    } catch (err) {
      if (err instanceof RateLimitedError) {
        return refuseForm(res, 'FORM_RATE_LIMITED', `Too many submissions; try again in ${err.retryAfterSeconds} s.`, base, { retryAfterSeconds: err.retryAfterSeconds });
      }
      throw err;
    }
    const page = formPage(req.headers.referer, req.headers.host, form.page);
    const stored = await this.submissions.add({ siteId: site.siteId, form: name, page, data: form.fields, addressHash });
    answerJson(res, 201, { ok: true, id: stored.id }, base);
    this.webhooks.publish(site.ownerId, 'form.submitted', { projectId: site.projectId, siteId: site.siteId, form: name, page, submissionId: stored.id, data: form.fields });
    this.logger.debug({ msg: 'form submission stored', siteId: site.siteId, form: name, submissionId: stored.id });
  }

  private addressHash(siteId: string, address: string): string {
    const salt = createHmac('sha256', this.env.JWT_SECRET).update(`form-address:${siteId}`).digest();
    return createHash('sha256').update(salt).update(address).digest('base64url');
  }
}
