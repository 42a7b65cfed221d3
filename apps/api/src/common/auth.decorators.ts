import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';

export const IS_PUBLIC = 'studio:isPublic';

/** Opts a route out of the global auth guard (sign-up, sign-in, health...). Everything else needs credentials. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The authenticated caller, as the guard attached it to the request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
