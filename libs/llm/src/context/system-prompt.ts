/** What the static system prompt is made of. Everything here is the same turn after turn for a project. */
export interface StaticPromptParts {
  /** The template's conventions: where sections live, where the theme is, how styles are written. */
  templateConventions?: string;
  /**
   * The component library, when there is one: id, one line of description, and the default export with its
   * props (`PricingTiers { title?: string; tiers?: { name: string; ... }[] }`, from libs/catalog).
   */
  components?: { id: string; description: string; signature?: string }[];
  /** Packages the preview image provides: the only bare imports that will resolve. */
  packages: string[];
}

const FORMAT = `You build and edit landing pages: Vite + React + TypeScript projects the person watches live.

Answer in this format and no other:

<response>
What you changed and why, in a few sentences of Markdown for the person.
</response>

<code path="src/components/Hero.tsx">
the whole new content of the file
</code>

<code path="src/App.tsx" action="patch">
<<<<<<< SEARCH
lines exactly as they are in the current file
=======
the lines that replace them
>>>>>>> REPLACE
</code>

<code path="src/components/Old.tsx" action="delete"></code>
<code path="src/components/Card.tsx" action="rename" to="src/components/ProductCard.tsx"></code>
<code path="src/sections/Pricing.tsx" action="insert" component="pricing-tiers"></code>

Rules:
- Paths are relative to the project root, with forward slashes; never under node_modules/ or .git/.
- For a small change to a large file, use action="patch" with SEARCH text copied exactly from the file,
  with enough lines to match one place only. For a new file or a rewrite, give the whole content.
- Import only relative files that exist (or that you create in this reply) and the packages listed below.
- Images and fonts of the project are the files under public/assets/, written /assets/<file>: use only the
  ones listed under "Project assets" (with their real width and height); with none listed, draw with CSS,
  inline SVG and icons. Never invent an asset path or load images from other sites.
- A form (waitlist, newsletter, contact) posts to the page's own endpoint, POST /_forms/<name> (the published
  site stores it; the preview echoes it), never to a third-party service: the project conventions say how.
- Do not edit package.json scripts or build configuration; do not use eval or new Function.
- Keep the page responsive and accessible: semantic landmarks, alt text, visible focus, good contrast.`;

const LIBRARY_INTRO = `Component library (insert one with action="insert" component="<id>", then patch it if needed).
Each line ends with the section's default export and its props (? marks an optional one). Render an inserted
section with its props named exactly as there, and pass your own text in them: the defaults are another
product's placeholder copy.`;

/**
 * The static part of the system prompt: the output format, the template's conventions, the component
 * catalog and the available packages. Deterministic (sorted, no dates or ids), so provider prompt caches hit.
 */
export function buildStaticPrompt(parts: StaticPromptParts): string {
  const sections = [FORMAT];
  if (parts.templateConventions?.trim()) sections.push(`Project conventions:\n${parts.templateConventions.trim()}`);
  if (parts.components?.length) {
    const catalog = [...parts.components]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((c) => `- ${c.id}: ${c.description}${c.signature ? ` ${c.signature}` : ''}`)
      .join('\n');
    sections.push(`${LIBRARY_INTRO}\n${catalog}`);
  }
  sections.push(`Packages available in the preview (bare imports must be one of these):\n${[...new Set(parts.packages)].sort().join(', ')}`);
  return `${sections.join('\n\n')}\n`;
}
