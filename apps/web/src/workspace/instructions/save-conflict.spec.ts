import { afterConflict } from './save-conflict';

describe('afterConflict', () => {
  it('saves again on the new head when only other files moved', () => {
    expect(afterConflict('British English.', { text: 'British English.', version: 7 })).toEqual({ kind: 'retry', baseVersion: 7 });
    expect(afterConflict('', { text: '', version: 3 })).toEqual({ kind: 'retry', baseVersion: 3 });
  });

  it('asks the person when the instructions themselves changed meanwhile', () => {
    expect(afterConflict('British English.', { text: 'American English.', version: 7 })).toEqual({ kind: 'ask', theirs: { text: 'American English.', version: 7 } });
    expect(afterConflict('', { text: 'Someone wrote these.', version: 4 })).toEqual({ kind: 'ask', theirs: { text: 'Someone wrote these.', version: 4 } });
  });
});
