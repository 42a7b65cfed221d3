import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from './domain-error.js';

/** Validates a body (or param) against a contracts schema; a refusal lists each bad field. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || '(body)';
      fields[key] ??= issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    }
    throw new DomainError('VALIDATION_FAILED', `Invalid input: ${Object.keys(fields).join(', ')}`, { fields });
  }
}
