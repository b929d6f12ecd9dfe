import { createTRPCRouter } from "@/server/api/trpc";

export const settingsRouter = createTRPCRouter({});
