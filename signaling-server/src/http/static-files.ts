import express, { Router } from "express";

/** Serves a folder (a game's build) at `/`, with its index.html for `/`. */
export function staticFilesRouter(folder: string): Router {
  const router = Router();
  router.use(express.static(folder, { index: "index.html" }));
  return router;
}
