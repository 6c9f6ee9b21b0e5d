/** Zod schemas of the register routes. */
import { z } from 'zod';

export const UnitKindSchema = z.enum(['residential', 'commercial', 'parking', 'storage']);
export const DeliveryStatusSchema = z.enum(['delivered', 'undelivered', 'unsold']);

export const CodeParams = z.object({ code: z.string().min(1).max(63) });

export const CommunityListOut = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), district: z.string().nullable(), street: z.string().nullable() })),
});

export const CommunitySummaryOut = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  street: z.string().nullable(),
  address: z.string().nullable(),
  trustSince: z.string().nullable(),
  stats: z.object({
    buildings: z.number().int(),
    units: z.number().int(),
    unitsByKind: z.object({ residential: z.number().int(), commercial: z.number().int(), parking: z.number().int(), storage: z.number().int() }),
    totalAreaCm2: z.number().int(),
    owners: z.number().int(),
    tenants: z.number().int(),
  }),
  buildings: z.array(z.object({ name: z.string(), units: z.number().int() })),
});

export const CreateCommunityBody = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().max(100).nullable().optional(),
  province: z.string().trim().max(50).nullable().optional(),
  city: z.string().trim().max(50).nullable().optional(),
  district: z.string().trim().max(50).nullable().optional(),
  street: z.string().trim().max(50).nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  trustSince: z.iso.date().nullable().optional(),
});

export const UnitsQuery = z.object({
  q: z.string().trim().max(50).optional(),
  building: z.string().max(50).optional(),
  kind: UnitKindSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

const PersonOut = z.object({ name: z.string(), phone: z.string().nullable() });

export const UnitsOut = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      building: z.string(),
      kind: UnitKindSchema,
      areaCm2: z.number().int(),
      deliveryStatus: DeliveryStatusSchema,
      grid: z.string().nullable(),
      microGrid: z.string().nullable(),
      owners: z.array(PersonOut),
      tenants: z.array(PersonOut),
    }),
  ),
});

export const MyUnitsOut = z.object({
  items: z.array(
    z.object({
      communityCode: z.string(),
      communityName: z.string(),
      unitId: z.number().int(),
      pseudonym: z.string().nullable().describe('the unit pseudonym under which its payments appear in the public ledger (owners only)'),
      code: z.string(),
      building: z.string(),
      kind: UnitKindSchema,
      areaCm2: z.number().int(),
      deliveryStatus: DeliveryStatusSchema,
      relation: z.enum(['owner', 'tenant']),
      owners: z.array(z.object({ name: z.string() })),
      tenants: z.array(z.object({ name: z.string() })),
    }),
  ),
});

export const ImportQuery = z.object({ dryRun: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1') });
export const ImportOut = z.object({ dryRun: z.boolean(), total: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
