import { createHash } from 'node:crypto';
import { deployedFile, deploymentKey, deploymentPrefix, etagOf } from './manifest.js';

describe('deployment keys', () => {
  it('puts a deployment under its project, so a project purge removes it', () => {
    expect(deploymentPrefix('p1', 'd1')).toBe('projects/p1/deployments/d1/');
    expect(deploymentKey('p1', 'd1', 'assets/a.js')).toBe('projects/p1/deployments/d1/assets/a.js');
    expect(deploymentKey('p1', 'd1', '/index.html')).toBe('projects/p1/deployments/d1/index.html');
  });
});

describe('etagOf', () => {
  it('is the quoted first 22 characters of the SHA-256 in base64url', () => {
    const bytes = Buffer.from('hello');
    const digest = createHash('sha256').update(bytes).digest('base64url');
    expect(etagOf(bytes)).toBe(`"${digest.slice(0, 22)}"`);
    expect(etagOf(bytes)).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it('is the same for the same bytes and differs for different ones', () => {
    expect(etagOf(Buffer.from('a'))).toBe(etagOf(new Uint8Array([97])));
    expect(etagOf(Buffer.from('a'))).not.toBe(etagOf(Buffer.from('b')));
  });
});

describe('deployedFile', () => {
  it('describes a hashed script with its compressed copies beside it', () => {
    const bytes = Buffer.alloc(5000, 'x');
    const file = deployedFile('p', 'd', 'assets/index-BqGk3kX_.js', bytes, { br: Buffer.alloc(20), gz: Buffer.alloc(30) });
    expect(file).toEqual({
      key: 'projects/p/deployments/d/assets/index-BqGk3kX_.js',
      size: 5000,
      etag: etagOf(bytes),
      contentType: 'text/javascript; charset=utf-8',
      immutable: true,
      br: { key: 'projects/p/deployments/d/assets/index-BqGk3kX_.js.br', size: 20 },
      gz: { key: 'projects/p/deployments/d/assets/index-BqGk3kX_.js.gz', size: 30 },
    });
  });

  it('has no compressed entries when there are no copies, and a page is not immutable', () => {
    const file = deployedFile('p', 'd', 'index.html', Buffer.from('<p>hi</p>'));
    expect(file.immutable).toBe(false);
    expect(file).not.toHaveProperty('br');
    expect(file).not.toHaveProperty('gz');
  });
});
