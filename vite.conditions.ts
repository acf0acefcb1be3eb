import { defaultClientConditions } from "vite";

/** Workspace packages resolve to their TypeScript sources inside this repository (see each package's "exports"). */
export const sourceConditions = ["@rallypoint/source", ...defaultClientConditions];
