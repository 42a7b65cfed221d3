import { Injectable } from '@nestjs/common';
import { PreviewsService } from '../previews/previews.service.js';
import { WebhookPublisher } from '../webhooks/webhook-publisher.js';

/**
 * What follows a new version made through the API (a person's edit, a restore): a running preview syncs to
 * it and the owner's webhooks hear `project.version.created`. One place, so the next endpoint that commits
 * cannot forget either. (Turns announce theirs in the worker.)
 */
@Injectable()
export class HeadMoved {
  constructor(
    private readonly previews: PreviewsService,
    private readonly webhooks: WebhookPublisher,
  ) {}

  announce(project: { id: string; ownerId: string }, version: number, source: 'user' | 'restore'): void {
    this.previews.follow(project.id);
    this.webhooks.publish(project.ownerId, 'project.version.created', { projectId: project.id, version, source });
  }
}
