import fc from 'fast-check';
import { spec } from '../schema/openapi';

type Schema = Record<string, any>;

/** Characters no field accepts (see UNSAFE_LINE_CHARACTERS in -common). */
export const HOSTILE_CHARACTERS = [
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\ud800',
  '\udfff',
];

/** Ordinary text, with the odd emoji and accent (valid surrogate pairs). */
const plainText = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      { arbitrary: fc.constantFrom(...'abcXYZ019 _-./:@'), weight: 8 },
      { arbitrary: fc.constantFrom('é', 'ß', '漢', '😀', '👩‍💻'), weight: 1 },
    ),
    maxLength,
  });

/** A string that breaks one rule: hostile characters, or far too long. */
export const hostileString = fc.oneof(
  fc
    .tuple(plainText(8), fc.constantFrom(...HOSTILE_CHARACTERS), plainText(8))
    .map(([a, b, c]) => `${a}${b}${c}`),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  fc.nat({ max: 3000 }).map(n => 'x'.repeat(n + 300)),
);

/** A value of the wrong JSON type for the given schema. */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const others: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 5 }),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  ];
  const keep = others.filter((_, i) => {
    const type = schema.type;
    if (type === 'string') return i !== 4;
    if (type === 'integer' || type === 'number') return i !== 2 && i !== 3;
    if (type === 'boolean') return i !== 1;
    if (type === 'array') return i !== 5;
    if (type === 'object') return i !== 6;
    return true;
  });
  return fc.oneof(...keep);
}

export function resolveRef(schema: Schema): Schema {
  if (!schema?.$ref) return schema;
  const [, , section, name] = String(schema.$ref).split('/');
  return (spec.components as any)[section][name];
}

/** Field names whose valid values the spec alone does not pin down. */
export interface Hints {
  [propertyName: string]: fc.Arbitrary<unknown>;
}

/**
 * Values for a JSON schema from the OpenAPI document: mostly valid, sometimes
 * hostile (wrong type, forbidden characters, out of bounds, missing or extra
 * fields), so every rule is exercised.
 */
export function fromSchema(
  raw: Schema,
  hints: Hints = {},
  name?: string,
): fc.Arbitrary<unknown> {
  const schema = resolveRef(raw);
  const hinted = name ? hints[name] : undefined;
  const valid = hinted
    ? fc.oneof({ arbitrary: hinted, weight: 4 }, validOf(schema, hints))
    : validOf(schema, hints);
  return fc.oneof(
    { arbitrary: valid, weight: 12 },
    { arbitrary: invalidOf(schema), weight: 1 },
  );
}

function validOf(schema: Schema, hints: Hints): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'date-time') {
        return fc
          .date({
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2100-01-01T00:00:00Z'),
            noInvalidDate: true,
          })
          .map(d => d.toISOString());
      }
      if (String(schema.pattern).includes('{12}')) return fc.uuid();
      if (schema.pattern && !String(schema.pattern).startsWith('^[^')) {
        return fc
          .stringMatching(new RegExp(schema.pattern), { maxLength: 30 })
          .filter(s => s.length <= (schema.maxLength ?? 30));
      }
      return plainText(Math.min(schema.maxLength ?? 40, 40)).filter(
        s => s.length >= (schema.minLength ?? 0),
      );
    }
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? -1000,
        max: Math.min(schema.maximum ?? 1000, 1000),
      });
    case 'number':
      return fc.double({ min: 0, max: 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(schema.items, hints), {
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    default: {
      const properties: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, prop] of Object.entries<Schema>(
        schema.properties ?? {},
      )) {
        properties[key] = fromSchema(prop, hints, key);
      }
      return fc.record(properties, {
        requiredKeys: (schema.required ?? []).filter(
          (k: string) => k in properties,
        ),
      });
    }
  }
}

function invalidOf(schema: Schema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [wrongType(schema)];
  if (schema.type === 'string') options.push(hostileString);
  if (schema.type === 'integer' || schema.type === 'number') {
    options.push(
      fc.constantFrom(
        -1,
        2 ** 31,
        2 ** 53,
        1e21,
        (schema.maximum ?? 1000) + 1,
        (schema.minimum ?? 0) - 1,
        0.5,
      ),
    );
  }
  if (schema.type === 'array') {
    options.push(
      fc.array(fc.constant('x'), {
        minLength: (schema.maxItems ?? 50) + 1,
        maxLength: (schema.maxItems ?? 50) + 1,
      }),
    );
  }
  if (schema.type === 'object' || schema.properties) {
    // An unknown field, or a required one left out.
    options.push(
      fc.record({ unexpected: fc.string({ maxLength: 5 }) }),
      fc.constant({}),
    );
  }
  return fc.oneof(...options);
}

/** Query parameters of an operation, from its parameter list. */
export function queryFromSpec(
  parameters: Schema[],
  hints: Hints = {},
): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const inQuery = parameters.map(resolveRef).filter(q => q.in === 'query');
  for (const p of inQuery) {
    model[p.name] = fc.oneof(
      { arbitrary: fromSchema(p.schema, hints, p.name), weight: 8 },
      // Given twice where once is expected.
      { arbitrary: fc.tuple(fc.string(), fc.string()), weight: 1 },
    );
  }
  return fc.record(model, {
    requiredKeys: parameters
      .map(resolveRef)
      .filter(p => p.in === 'query' && p.required)
      .map(p => p.name),
  });
}

/** `a=1&a=2&b=x`, with arrays repeated; objects become `a[k]=v` as qs reads them. */
export function toQueryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  const add = (name: string, value: unknown) => {
    if (value === undefined) return;
    if (Array.isArray(value)) value.forEach(v => add(name, v));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${name}[${k}]`, v);
    } else params.append(name, String(value));
  };
  for (const [name, value] of Object.entries(query)) add(name, value);
  return params.toString();
}
