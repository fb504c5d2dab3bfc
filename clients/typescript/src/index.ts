/**
 * The typed client of the Atelier API. The APIs (one class per tag: `AuthApi`, `ProjectsApi`,
 * `RunsApi` …) and models are generated from the OpenAPI document the server serves; `problemOf`
 * turns a failed call into its typed problem document.
 */
export * from './generated';
export { problemOf } from './problems';
