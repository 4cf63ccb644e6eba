import { PHASES, ROLES } from '@pipewise/store';
import { z } from 'zod';

export const RoleSchema = z.enum(ROLES);
export const PhaseSchema = z.enum(PHASES);
export const IdParams = z.object({ id: z.string().uuid() });
export const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
