/** Zod schemas of the inspection routes (and the bits the other quality routes of this slice share). */
import { z } from 'zod';

export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const month = z.string().regex(/^\d{4}-\d{2}$/);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const bp = z.number().int().min(0).max(10_000);

export const CodeParams = z.object({ code: z.string().min(1).max(64) });
export const IdParams = CodeParams.extend({ id: z.coerce.number().int().positive() });
export const ItemParams = IdParams.extend({ itemCode: z.string().min(1).max(40) });
export const PhotoParams = IdParams.extend({ sha256 });
export const DayRangeQuery = z.object({ from: date, to: date });
export const MonthRangeQuery = z.object({ from: month, to: month });

export const InspectionBody = z.object({ inspectedOn: date.describe('the day inspected, not after today'), note: z.string().max(2000).optional() });
export const ItemBody = z.object({
  scoreBp: bp.describe('the item’s score in basis points: 0–100 points × 100 (86.50 points = 8650)'),
  finding: z.string().max(2000).optional(),
  photos: z.array(sha256).max(9).optional().describe('SHA-256s of photos uploaded to inspection-photos'),
});

export const PhotoOut = z.object({ sha256, mediaType: z.string(), sizeBytes: z.number().int() });
export const CreatedOut = z.object({ id: z.number().int(), catalogueVersion: z.number().int().describe('0: the built-in default catalogue') });
export const ItemOut = z.object({ id: z.number().int(), itemCode: z.string(), scoreBp: bp });
export const RemovedOut = z.object({ id: z.number().int(), itemCode: z.string(), removed: z.boolean() });
export const FindingOut = z.object({ inspectionId: z.number().int(), itemCode: z.string(), workOrderId: z.number().int() });
export const SubmittedOut = z.object({ id: z.number().int(), scoreBp: bp.describe('the mean of the items, half up'), submittedAt: z.string() });

const inspection = {
  id: z.number().int(),
  catalogueVersion: z.number().int(),
  inspectedOn: date,
  inspectorId: z.number().int(),
  inspector: z.string(),
  state: z.enum(['draft', 'submitted']),
  scoreBp: bp.nullable(),
  note: z.string(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
};
export const InspectionsOut = z.array(z.object(inspection));
export const InspectionOut = z.object({
  ...inspection,
  items: z.array(
    z.object({
      itemCode: z.string(),
      category: z.string().nullable(),
      commitment: z.string().nullable(),
      scoreBp: bp,
      finding: z.string(),
      photos: z.array(sha256),
      workOrderId: z.number().int().nullable().describe('the work order made from the finding'),
    }),
  ),
});
export const MonthlyOut = z.array(z.object({ month, inspections: z.number().int(), averageBp: bp }));
