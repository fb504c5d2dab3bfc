import { Problem, ProblemFromJSON, ResponseError } from './generated';

/**
 * The problem document (`application/problem+json`, RFC 9457) a failed call answered with: a
 * stable `code`, and on 422 the refused fields in `errors`. `undefined` when the call failed
 * before an answer or the answer was not a problem document.
 *
 * ```ts
 * try {
 *   await projects.getProject({ id });
 * } catch (e) {
 *   const problem = await problemOf(e);
 *   if (problem?.code === 'not_found') { ... }
 * }
 * ```
 */
export async function problemOf(error: unknown): Promise<Problem | undefined> {
  if (!(error instanceof ResponseError)) {
    return undefined;
  }
  const type = error.response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json') && !type.startsWith('application/json')) {
    return undefined;
  }
  try {
    const problem = ProblemFromJSON(await error.response.clone().json());
    return problem.code ? problem : undefined;
  } catch {
    return undefined;
  }
}
