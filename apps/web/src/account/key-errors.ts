import { type FormErrors, fieldErrors } from '../workspace/publish/field-errors';

/** The fields of a key's form (libs/contracts providerKeyBodySchema). */
export const KEY_FIELDS = ['apiKey', 'baseUrl', 'model', 'label'] as const;

/**
 * A refused save placed on its field: PROVIDER_URL_REFUSED is always about the base URL; VALIDATION_FAILED
 * names its fields (docs/API.md "Errors"); anything else is said above the form.
 */
export function keyFormErrors(err: unknown): FormErrors {
  if (err instanceof Error && 'code' in err && err.code === 'PROVIDER_URL_REFUSED') return { fields: { baseUrl: err.message } };
  return fieldErrors(err, KEY_FIELDS);
}
