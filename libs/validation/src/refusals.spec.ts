import type { AcceptedChange } from './accepted-change.js';
import { acceptedWrite } from './accepted-change.js';
import { RefusalLog, refusedViewOf, viewOf } from './refusals.js';

describe('RefusalLog', () => {
  it('leaves out details that are undefined', () => {
    const log = new RefusalLog([]);
    const r = log.refuse({ action: 'write', path: 'src/a.ts' }, 'SYNTAX_ERROR', 'bad', { line: 3, suggestions: undefined, causedBy: undefined });
    expect(r).toEqual({ action: 'write', path: 'src/a.ts', code: 'SYNTAX_ERROR', message: 'bad', line: 3 });
    expect(Object.keys(r)).toEqual(['action', 'path', 'code', 'message', 'line']);
  });

  it('keeps the latest refusal of each path, in the order refusals were last made', () => {
    const log = new RefusalLog([]);
    log.refuse({ action: 'write', path: 'a' }, 'SYNTAX_ERROR', 'first');
    log.refuse({ action: 'write', path: 'b' }, 'DANGEROUS_CODE', 'b');
    log.refuse({ action: 'patch', path: 'a' }, 'PATCH_NO_MATCH', 'second');
    expect(log.standing().map((r) => `${r.path}:${r.message}`)).toEqual(['b:b', 'a:second']);
  });

  it('drops a refusal an accepted change to the same path fixed later, and keeps one made after it', () => {
    const accepted: AcceptedChange[] = [];
    const log = new RefusalLog(accepted);
    log.refuse({ action: 'write', path: 'a' }, 'SYNTAX_ERROR', 'fixed later');
    log.refuse({ action: 'write', path: 'b' }, 'SYNTAX_ERROR', 'still standing');
    accepted.push(acceptedWrite('a', Buffer.from('ok')), acceptedWrite('c', Buffer.from('ok')));
    log.refuse({ action: 'write', path: 'c' }, 'SYNTAX_ERROR', 'refused again after it landed');
    expect(log.standing().map((r) => r.path)).toEqual(['b', 'c']);
  });

  it('reports copies: changing a returned refusal does not change the log', () => {
    const log = new RefusalLog([]);
    log.refuse({ action: 'write', path: 'a' }, 'SYNTAX_ERROR', 'm');
    log.standing()[0].message = 'changed';
    expect(log.standing()[0].message).toBe('m');
  });
});

describe('views of a parsed change', () => {
  it('a rename is shown at its target; patch and insert are writes for the chat, themselves for a refusal', () => {
    expect(viewOf({ action: 'rename', path: 'a', to: 'b' })).toEqual({ action: 'rename', path: 'b', from: 'a' });
    expect(viewOf({ action: 'patch', path: 'a', blocks: [] })).toEqual({ action: 'write', path: 'a' });
    expect(refusedViewOf({ action: 'patch', path: 'a', blocks: [] })).toEqual({ action: 'patch', path: 'a' });
    expect(refusedViewOf({ action: 'insert', path: 'a', component: 'x' })).toEqual({ action: 'insert', path: 'a' });
    expect(refusedViewOf({ action: 'delete', path: 'a' })).toEqual({ action: 'delete', path: 'a' });
  });
});
