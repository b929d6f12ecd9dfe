import type { NextConfig } from "next";
// Validates the environment at start (throws with a readable list of what is wrong).
import "./lib/env";

const nextConfig: NextConfig = {
  // Native or file-locating packages must not be bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "sqlite-vec",
    "@prisma/adapter-better-sqlite3",
    "@prisma/client",
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
