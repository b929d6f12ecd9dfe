import { z } from "zod";

/** Shared input rules, so a form and its server action agree on what is valid. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That e-mail address is too long.")
  .pipe(z.email("Enter a valid e-mail address."));

export const passwordSchema = z.string().min(10, "Use at least 10 characters.").max(200, "Use at most 200 characters.");

export const displayNameSchema = z.string().trim().min(1, "Enter a name.").max(80, "Use at most 80 characters.");

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "Invalid id.");
