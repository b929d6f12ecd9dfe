"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { RadioGroup } from "radix-ui";
import { toast } from "sonner";
import type { ThemeChoice } from "@/lib/profile/schemas";
import { useThemePreference } from "@/components/shell/use-theme-preference";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useHydrated } from "@/hooks/use-media-query";
import { cn } from "@/lib/utils";

const OPTIONS: { value: ThemeChoice; label: string; icon: typeof Sun }[] = [
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
  { value: "system", label: "System", icon: Monitor },
];

export function ThemeSection() {
  const { theme, choose } = useThemePreference();
  // The chosen theme is only known in the browser; until then no option shows as selected.
  const value = useHydrated() ? theme : "";

  async function onChange(next: string) {
    const option = OPTIONS.find((o) => o.value === next);
    if (!option) return;
    const result = await choose(option.value);
    if (result.status === "success") toast.success(`Theme set to ${option.label.toLowerCase()}.`);
  }

  return (
    <Card data-testid="profile-theme">
      <CardHeader>
        <CardTitle>Theme</CardTitle>
        <CardDescription>Saved to your account. System follows your device’s light or dark setting.</CardDescription>
      </CardHeader>
      <CardContent>
        <RadioGroup.Root
          value={value}
          onValueChange={onChange}
          aria-label="Theme"
          className="grid grid-cols-3 gap-3 sm:max-w-md"
        >
          {OPTIONS.map(({ value: v, label, icon: Icon }) => (
            <RadioGroup.Item
              key={v}
              value={v}
              data-testid={`profile-theme-${v}`}
              className={cn(
                "flex flex-col items-center gap-2 rounded-lg border p-3 text-sm outline-none transition-colors hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50",
                "data-[state=checked]:border-primary data-[state=checked]:bg-primary/5 data-[state=checked]:font-medium",
              )}
            >
              <Icon className="size-5" aria-hidden />
              {label}
            </RadioGroup.Item>
          ))}
        </RadioGroup.Root>
      </CardContent>
    </Card>
  );
}
