/** Zod schemas of the accounts routes: the single source of their input and output types. */
import { z } from 'zod';
import { ALL_ROLES } from './accounts.rules.js';

export const RoleSchema = z.enum(ALL_ROLES as [string, ...string[]]).describe('role');

export const MeSchema = z.object({
  account: z
    .object({ id: z.number().int(), login: z.string(), displayName: z.string(), locale: z.enum(['zh-CN', 'en']) })
    .nullable(),
  csrfToken: z.string().optional(),
  roles: z
    .array(z.object({ role: RoleSchema, communityCode: z.string().nullable(), communityName: z.string().nullable(), region: z.string().nullable() }))
    .optional(),
});

export const LoginBody = z.object({
  login: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const ClaimBody = z.object({
  invitationCode: z.string().trim().min(4).max(20),
  phone: z.string().trim().min(5).max(20),
  password: z.string().min(1).max(200),
});

export const InvitationParams = z.object({ code: z.string(), unitId: z.coerce.number().int().positive() });
export const InvitationOut = z.object({ code: z.string(), expiresAt: z.string() });

export const CreateAccountBody = z.object({
  login: z.string().trim().min(2).max(64),
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(8).max(200),
});

export const GrantBody = z.object({
  accountId: z.number().int().positive(),
  role: RoleSchema,
  communityCode: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
});

export const OkOut = z.object({ ok: z.literal(true) });
