import type { EntityManager } from 'typeorm';
import { SiteEntity } from '../entities/site.entity.js';

/**
 * The site row, locked for the rest of the transaction (optionally only the owner's). Whatever decides what a
 * site serves takes this lock first, then touches its deployments: the live pointer and a deployment's files
 * being pruned never pass each other.
 */
export function lockSite(tx: EntityManager, siteId: string, ownerId?: string): Promise<SiteEntity | null> {
  const query = tx.getRepository(SiteEntity).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :siteId', { siteId });
  return (ownerId === undefined ? query : query.andWhere('s.owner_id = :ownerId', { ownerId })).getOne();
}
