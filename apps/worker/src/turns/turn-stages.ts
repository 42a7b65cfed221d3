import { Inject, Injectable } from '@nestjs/common';
import { AttachedAssets } from './stages/attached-assets.js';
import { AttachedPictures } from './stages/attached-pictures.js';
import { CommitStage } from './stages/commit-stage.js';
import { ContextStage } from './stages/context-stage.js';
import { TurnEndings } from './stages/turn-endings.js';
import { ValidateStage } from './stages/validate-stage.js';

/** The stages a turn goes through, injected as one (each is its own class with its own collaborators). */
@Injectable()
export class TurnStages {
  constructor(
    @Inject(ContextStage) readonly context: Pick<ContextStage, 'build' | 'validatorFor' | 'refreshSummary'>,
    @Inject(ValidateStage) readonly validate: Pick<ValidateStage, 'run'>,
    @Inject(CommitStage) readonly commit: Pick<CommitStage, 'commit' | 'land'>,
    @Inject(TurnEndings) readonly endings: Pick<TurnEndings, 'completed' | 'unchanged' | 'renderFailed' | 'failed' | 'handedBack'>,
    @Inject(AttachedPictures) readonly pictures: Pick<AttachedPictures, 'load'>,
    @Inject(AttachedAssets) readonly assets: Pick<AttachedAssets, 'stage' | 'note' | 'committed'>,
  ) {}
}
