import { createZodDto } from '../common/dto/create-zod-dto';
import { line } from '../common/dto/primitives';
import { z } from 'zod';

/** The list pages whose filters a user can save (their path segment in the portal). */
export const SAVED_FILTER_PAGES = [
  'caseload',
  'claims',
  'referrals',
  'payments',
  'remittances',
] as const;
export type SavedFilterPage = (typeof SAVED_FILTER_PAGES)[number];

/** Most saved filters a user keeps per page. */
export const MAX_SAVED_FILTERS_PER_PAGE = 50;
const MAX_PARAMS = 20;

const ParamName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9]{0,39}$/,
    'must be a query parameter name (letters and digits, up to 40)',
  );

export const SaveFilterBody = z.strictObject({
  page: z.enum(SAVED_FILTER_PAGES).describe('The list page the filter belongs to.'),
  name: line({ max: 80 }).describe(
    'What you call it. Saving under a name you already use on that page replaces that filter.',
  ),
  params: z
    .record(ParamName, line({ min: 0, max: 200 }))
    .refine(
      (params) => Object.keys(params).length <= MAX_PARAMS,
      `must have at most ${MAX_PARAMS} parameters`,
    )
    .describe(
      'The page’s query parameters (name → value), as the page reads them from its address. A `cursor` (a page position, not a filter) is not kept.',
    ),
});
export class SaveFilterBodyDto extends createZodDto(SaveFilterBody) {}
export type SaveFilter = z.infer<typeof SaveFilterBody>;

export const SavedFilterListQuery = z.strictObject({
  page: z.enum(SAVED_FILTER_PAGES).optional().describe('Only the filters of this page.'),
});
export class SavedFilterListQueryDto extends createZodDto(SavedFilterListQuery) {}

export const SavedFilter = z.object({
  id: z.uuid(),
  page: z.enum(SAVED_FILTER_PAGES),
  name: z.string(),
  params: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedFilter = z.infer<typeof SavedFilter>;
export const SavedFilterResponse = z.object({ savedFilter: SavedFilter });
export class SavedFilterResponseDto extends createZodDto(SavedFilterResponse) {}
export const SavedFilterList = z.object({
  savedFilters: z.array(SavedFilter).describe('Your own saved filters, by page then name.'),
});
export class SavedFilterListDto extends createZodDto(SavedFilterList) {}
