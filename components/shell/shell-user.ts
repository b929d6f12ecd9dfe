export interface ShellUser {
  id: string;
  name: string;
  email: string;
  role: "admin" | "user";
  theme?: string;
}
