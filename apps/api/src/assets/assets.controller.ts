import { Body, Controller, Delete, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AssetView, type NewVersionView, type UpdateAssetBody, updateAssetBodySchema } from '@studio/contracts';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { parseVersion } from '../files/version-query.js';
import { AssetsService } from './assets.service.js';

/** docs/API.md "Assets and uploads": a version's assets, their alt text, deleting one with its variants. */
@ApiTags('assets')
@ApiBearerAuth()
@Controller('projects/:id/assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query('version') version?: string): Promise<AssetView[]> {
    return this.assets.list(p.userId, id, parseVersion(version));
  }

  /** Alt text of the head's asset at `path`: metadata of its bytes, not a new version. */
  @Patch()
  @ApiZodBody(updateAssetBodySchema)
  update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(updateAssetBodySchema)) body: UpdateAssetBody): Promise<AssetView> {
    return this.assets.setAlt(p.userId, id, body.path, body.alt);
  }

  /** A new version without the asset and its variants; `baseVersion` makes it a compare-and-swap. */
  @Delete()
  remove(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query('path') path: unknown, @Query('baseVersion') baseVersion?: string): Promise<NewVersionView> {
    if (typeof path !== 'string' || path === '') throw new DomainError('VALIDATION_FAILED', 'path is required.', { fields: { path: 'is required' } });
    return this.assets.remove(p.userId, id, path, parseVersion(baseVersion, 'baseVersion'));
  }
}
