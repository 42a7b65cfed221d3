import { z } from 'zod';

/** Ids are what the model writes in `component="..."` and clients send as `templateId`: short and plain. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'lowercase letters, digits and dashes' });
/** A project path a section is copied to. */
const projectPath = z.string().regex(/^src\/[A-Za-z0-9/_-]+\.tsx$/, { message: 'a .tsx file under src/' });

/** templates/library/library.json: one entry per component; the source is <category>/<id>.tsx beside it. */
export const libraryManifestSchema = z.object({
  components: z
    .array(
      z.object({
        id,
        name: z.string().min(1),
        category: id,
        description: z.string().min(1).max(140),
        props: z.array(z.object({ name: z.string().min(1), type: z.string().min(1), description: z.string().min(1) })),
        imports: z.array(z.string().min(1)),
      }),
    )
    .min(1),
});

/** templates/<id>/template.json. */
export const templateManifestSchema = z.object({
  id,
  name: z.string().min(1),
  description: z.string().min(1),
  /** A PNG beside the manifest: the template's first screen at desktop width. */
  thumbnail: z
    .string()
    .regex(/^[a-z0-9-]+\.png$/)
    .optional(),
  /** The library sections the page is built from, in page order, and where each is copied in the project. */
  sections: z.array(z.object({ component: id, path: projectPath })).default([]),
  /** What the model should know about this template beyond templates/conventions.md. */
  conventions: z.array(z.string().min(1)).default([]),
});

export type LibraryManifest = z.infer<typeof libraryManifestSchema>;
export type ComponentManifest = LibraryManifest['components'][number];
export type TemplateManifest = z.infer<typeof templateManifestSchema>;

/** Parses a manifest file's text, with the file named in the error: a bad manifest stops the boot. */
export function parseManifest<T>(schema: z.ZodType<T>, text: string, where: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${where} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
