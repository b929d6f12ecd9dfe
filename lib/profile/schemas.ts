import { z } from "zod";
import { displayNameSchema, passwordSchema } from "@/lib/validation";

export const themeSchema = z.enum(["light", "dark", "system"], "Choose light, dark or system.");
export type ThemeChoice = z.infer<typeof themeSchema>;

export const nameInput = z.object({ name: displayNameSchema });
export const themeInput = z.object({ theme: themeSchema });
export const passwordInput = z
  .object({
    current: z.string().min(1, "Enter your current password.").max(200),
    next: passwordSchema,
    confirm: z.string().max(200),
  })
  .refine((v) => v.next === v.confirm, { path: ["confirm"], message: "The two new passwords do not match." })
  .refine((v) => v.next !== v.current, {
    path: ["next"],
    message: "Choose a password different from the current one.",
  });
