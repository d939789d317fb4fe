// nestjs-zod's createZodDto, with one repair: a nullable top-level field
// (`z.string().nullable()`) reaches @nestjs/swagger as `type: ['string',
// 'null']`, which swagger renders as an array of strings (so generated
// clients typed `nextCursor` as string[]). Rewriting such fields to the
// anyOf form that swagger passes through keeps the OpenAPI document true.
// Every DTO in the API is made with this function.
import { createZodDto as createNestZodDto } from 'nestjs-zod';
import { type ZodType } from 'zod';

type PropertyMetadata = Record<string, unknown> & { type?: unknown };

export function fixNullableTypes(
  properties: Record<string, PropertyMetadata>,
): Record<string, PropertyMetadata> {
  return Object.fromEntries(
    Object.entries(properties).map(([name, metadata]) => {
      const { type } = metadata;
      if (!Array.isArray(type) || !type.includes('null')) return [name, metadata];
      const nonNull = (type as string[]).filter((entry) => entry !== 'null');
      const { type: _type, ...rest } = metadata;
      return [
        name,
        {
          ...rest,
          type: '',
          'x-nestjs_zod-empty-type': true,
          anyOf: [...nonNull.map((entry) => ({ type: entry })), { type: 'null' }],
        },
      ];
    }),
  );
}

export function createZodDto<TSchema extends ZodType>(schema: TSchema) {
  const Dto = createNestZodDto(schema);
  const withFactory = Dto as unknown as {
    _OPENAPI_METADATA_FACTORY: () => Record<string, PropertyMetadata>;
  };
  const original = withFactory._OPENAPI_METADATA_FACTORY.bind(Dto);
  withFactory._OPENAPI_METADATA_FACTORY = () => fixNullableTypes(original());
  return Dto;
}
