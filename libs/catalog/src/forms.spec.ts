import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FORM_HONEYPOT_FIELD, FORM_NAME_PATTERN, FORM_PATH_PREFIX } from '@studio/contracts';
import { type Catalog, loadCatalog } from './catalog.js';

/**
 * Forms on a page post to the site's own endpoint (docs/API.md "Sites and publishing"): the library's form
 * sections and the shell's helper the model uses for its own forms speak that contract, with the honeypot the
 * endpoint refuses bots by, and the model is told so. The sections carry their own copy of the few lines
 * (a section is one self-contained file, insertable anywhere), so each is checked here, not trusted.
 */
const DIR = resolve('templates');
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(DIR);
});

const formSections = () => catalog.library.list().filter((c) => /<form\b/.test(catalog.library.source(c.id)!));
const defaultFormName = (source: string) => /\bformName = '([^']*)'/.exec(source)?.[1];

describe('forms in the section library', () => {
  it('are the waitlist hero and the newsletter sign-up (at least)', () => {
    expect(formSections().map((c) => c.id)).toEqual(expect.arrayContaining(['hero-waitlist', 'newsletter-signup']));
  });

  it.each(['hero-waitlist', 'newsletter-signup'])('%s posts JSON with the page path to /_forms/<formName>, with the honeypot field inside the form', (id) => {
    const source = catalog.library.source(id)!;
    expect(source).toContain(`fetch(\`${FORM_PATH_PREFIX}\${name}\``);
    expect(source).toContain("'content-type': 'application/json'");
    expect(source).toContain('_page: window.location.pathname');
    expect(source).toContain(`const HONEYPOT = '${FORM_HONEYPOT_FIELD}'`);
    const form = /<form\b[\s\S]*?<\/form>/.exec(source)![0];
    expect(form).toMatch(/<input name=\{HONEYPOT\} type="text" tabIndex=\{-1\} autoComplete="off" aria-hidden="true"/);
    // The default name is a valid form name, and the prop that changes it is in the manifest.
    expect(defaultFormName(source)).toMatch(FORM_NAME_PATTERN);
    expect(catalog.library.get(id)!.props.map((p) => p.name)).toContain('formName');
  });

  it.each(['hero-waitlist', 'newsletter-signup'])('%s shows each outcome: sending, thanks, the preview sandbox, an error', (id) => {
    const source = catalog.library.source(id)!;
    expect(source).toContain("'Sending…'");
    expect(source).toContain('successMessage');
    expect(source).toContain('Preview: nothing was sent. Once published, this form sends');
    expect(source).toMatch(/answer\.sandbox \? \{ status: 'sandbox'/);
    expect(source).toMatch(/role="alert"/);
  });
});

describe('the shell helper src/lib/forms.ts', () => {
  const helper = readFileSync(resolve(DIR, 'shell/src/lib/forms.ts'), 'utf8');

  it("uses the site's form path and honeypot field", () => {
    expect(helper).toContain(`export const HONEYPOT_FIELD = '${FORM_HONEYPOT_FIELD}'`);
    expect(helper).toContain(`fetch(\`${FORM_PATH_PREFIX}\${encodeURIComponent(name)}\``);
    expect(helper).toContain('_page: window.location.pathname');
  });

  it.each(['landing', 'launch', 'event', 'blank'])('is in every new project (template %s), and the model is told to use it', (id) => {
    expect(
      catalog.templates
        .get(id)!
        .files.find((f) => f.path === 'src/lib/forms.ts')
        ?.content.toString(),
    ).toBe(helper);
    const conventions = catalog.templates.conventions(id);
    expect(conventions).toContain('src/lib/forms.ts');
    expect(conventions).toContain('/_forms/<name>');
    expect(conventions).toContain('honeypotInput');
  });
});
