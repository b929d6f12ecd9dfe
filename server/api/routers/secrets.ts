import { createTRPCRouter } from "@/server/api/trpc";

export const secretsRouter = createTRPCRouter({});
