/**
 * A whole-number setting from the environment: `fallback` when unset, an error naming the variable when it is not
 * an integer of at least `min`.
 * @example const seed = envInteger(process.env, "BENCH_SEED", 1, 0);
 */
export function envInteger(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, not "${text}"`);
  return value;
}
