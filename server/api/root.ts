import { agentsRouter } from "@/server/api/routers/agents";
import { automationRouter } from "@/server/api/routers/automation";
import { chatRouter } from "@/server/api/routers/chat";
import { knowledgeRouter } from "@/server/api/routers/knowledge";
import { knowledgeWatchRouter } from "@/server/api/routers/knowledge-watch";
import { logsRouter } from "@/server/api/routers/logs";
import { mcpRouter } from "@/server/api/routers/mcp";
import { providersRouter } from "@/server/api/routers/providers";
import { secretsRouter } from "@/server/api/routers/secrets";
import { settingsRouter } from "@/server/api/routers/settings";
import { tasksRouter } from "@/server/api/routers/tasks";
import { teamsRouter } from "@/server/api/routers/teams";
import { tokensRouter } from "@/server/api/routers/tokens";
import { toolsRouter } from "@/server/api/routers/tools";
import { usersRouter } from "@/server/api/routers/users";
import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";

export const appRouter = createTRPCRouter({
  agents: agentsRouter,
  automation: automationRouter,
  chat: chatRouter,
  knowledge: knowledgeRouter,
  knowledgeWatch: knowledgeWatchRouter,
  logs: logsRouter,
  mcp: mcpRouter,
  providers: providersRouter,
  secrets: secretsRouter,
  settings: settingsRouter,
  tasks: tasksRouter,
  teams: teamsRouter,
  tokens: tokensRouter,
  tools: toolsRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
