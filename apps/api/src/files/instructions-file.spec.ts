import { INSTRUCTIONS_PATH, StudioError } from '@studio/contracts';
import { instructionsChange, readInstructions } from './instructions-file.js';

describe('instructionsChange', () => {
  it('writes new or different text as the instructions file', () => {
    expect(instructionsChange(undefined, 'British English.')).toEqual({ action: 'write', path: INSTRUCTIONS_PATH, content: Buffer.from('British English.') });
    expect(instructionsChange('British English.', 'American English.')).toEqual({ action: 'write', path: INSTRUCTIONS_PATH, content: Buffer.from('American English.') });
  });

  it('removes the file for empty or blank text, and changes nothing when there is nothing to change', () => {
    expect(instructionsChange('British English.', '')).toEqual({ action: 'delete', path: INSTRUCTIONS_PATH });
    expect(instructionsChange('British English.', ' \n\t')).toEqual({ action: 'delete', path: INSTRUCTIONS_PATH });
    expect(instructionsChange(undefined, '')).toBeNull();
    expect(instructionsChange(undefined, '  \n')).toBeNull();
    expect(instructionsChange('Same words.\n', 'Same words.\n')).toBeNull();
  });
});

describe('readInstructions', () => {
  it('reads the file at the version, undefined when the version has none, and lets other errors through', async () => {
    const asked: string[] = [];
    const files = {
      readFile: async (_projectId: string, path: string, version?: number) => {
        asked.push(`${path}@${version}`);
        if (version === 1) throw new StudioError('FILE_NOT_FOUND', 'none');
        if (version === 9) throw new StudioError('VERSION_NOT_FOUND', 'no such version');
        return Buffer.from('Use “curly quotes”.');
      },
    };
    expect(await readInstructions(files, 'p', 2)).toBe('Use “curly quotes”.');
    expect(await readInstructions(files, 'p', 1)).toBeUndefined();
    await expect(readInstructions(files, 'p', 9)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    expect(asked).toEqual([`${INSTRUCTIONS_PATH}@2`, `${INSTRUCTIONS_PATH}@1`, `${INSTRUCTIONS_PATH}@9`]);
  });
});
