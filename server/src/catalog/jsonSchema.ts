import { z } from 'zod';

import { catalogEntry, match } from './schemaEntry';
import { policy } from './schemaPolicy';

/**
 * The JSON Schemas editors validate the YAML files with (package.json `yamlValidation`), made
 * from the zod schemas at build time (esbuild.mjs writes them to `schemas/`); a test checks the
 * committed files against this. Refinements zod cannot express stay in zod, except that `match`
 * needs a signal, which JSON Schema can say.
 */
export const JSON_SCHEMA_FILES = {
  'mlcatalog-v1.json': { schema: catalogEntry, title: 'ML catalog entry (mlcatalog/v1)' },
  'mlcatalog-policy-v1.json': { schema: policy, title: 'ML catalog policy (mlcatalog-policy/v1)' },
} as const;

export function jsonSchemaFor(name: keyof typeof JSON_SCHEMA_FILES): Record<string, unknown> {
  const { schema, title } = JSON_SCHEMA_FILES[name];
  const generated = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === match) ctx.jsonSchema.minProperties = 1;
    },
  });
  return { ...generated, title };
}

/** Every schema file's name and text (2-space JSON and a final newline, as committed). */
export function jsonSchemaTexts(): Array<[string, string]> {
  return (Object.keys(JSON_SCHEMA_FILES) as Array<keyof typeof JSON_SCHEMA_FILES>).map((name) => [name, `${JSON.stringify(jsonSchemaFor(name), null, 2)}\n`]);
}
