import 'reflect-metadata';
import { Module, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RENDER_CHECK_OPTIONS, RenderChecker } from './render-checker.js';

/** The provider as Nest builds it: options by injection key when given, defaults without; closed with the app. */
describe('RenderChecker as a Nest provider', () => {
  const context = async (providers: Provider[]) => {
    @Module({ providers })
    class TestModule {}
    return NestFactory.createApplicationContext(TestModule, { logger: false });
  };

  it('takes its options from RENDER_CHECK_OPTIONS, and answers unavailable when Chromium cannot start', async () => {
    const app = await context([RenderChecker, { provide: RENDER_CHECK_OPTIONS, useValue: { chromiumPath: '/nonexistent/chromium' } }]);
    try {
      const result = await app.get(RenderChecker).check({ host: '127.0.0.1', port: 1 });
      expect(result).toEqual({ status: 'unavailable', ms: expect.any(Number) });
      expect(app.get(RenderChecker).stats()).toEqual({ checks: 0, unavailable: 1, p50Ms: null, browserPid: null, browserRssMb: null, browserLaunches: 0 });
    } finally {
      await app.close();
    }
  });

  it('is built without options, and after the module is destroyed answers unavailable instead of launching', async () => {
    const app = await context([RenderChecker]);
    const checker = app.get(RenderChecker);
    await app.close();
    expect(await checker.check({ host: '127.0.0.1', port: 1 })).toEqual({ status: 'unavailable', ms: expect.any(Number) });
    expect(checker.stats().browserLaunches).toBe(0);
  });
});
