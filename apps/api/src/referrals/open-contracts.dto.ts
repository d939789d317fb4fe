import { z } from 'zod';
import { createZodDto } from '../common/dto/create-zod-dto';

export const OpenContract = z.object({
  id: z.uuid().describe('Send as primeContractId when referring.'),
  name: z
    .string()
    .describe(
      'What to show: prime, area and programme, e.g. "Kestrel Works — Arden (Mercia Pathways to Work)".',
    ),
  reference: z.string(),
  primeName: z.string(),
  areaName: z.string(),
  programmeName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
});
export const OpenContractsResponse = z.object({ primeContracts: z.array(OpenContract) });
export class OpenContractsResponseDto extends createZodDto(OpenContractsResponse) {}
