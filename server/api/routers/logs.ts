import { createTRPCRouter } from "@/server/api/trpc";

export const logsRouter = createTRPCRouter({});
