// The README's TypeScript quickstart, run against a started server by TypeScriptQuickstartIT:
// ATELIER_URL is the server, ATELIER_FAKE_PROVIDER_URL an OpenAI-compatible fake on loopback that
// streams one answer, "Hello from the fake model".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AgentsApi,
  APIKeysApi,
  AuthApi,
  Configuration,
  ModelProvidersApi,
  ProjectsApi,
  RunsApi,
  UsersApi,
  problemOf,
} from '../src';

const basePath = process.env.ATELIER_URL ?? 'http://127.0.0.1:8080';
const fakeProvider = process.env.ATELIER_FAKE_PROVIDER_URL;

const signedIn = (token: string) => new Configuration({ basePath, accessToken: token });

test('quickstart', async () => {
  // register and sign in
  const email = `quickstart-${Date.now()}@example.com`;
  const auth = new AuthApi(new Configuration({ basePath }));
  await auth.registerUser({
    registerRequest: { email, password: 'a long password 42', name: 'Ada' },
  });
  const tokens = await auth.loginUser({ loginRequest: { email, password: 'a long password 42' } });
  assert.equal(tokens.mfaRequired, false);
  assert.equal(tokens.tokenType?.toLowerCase(), 'bearer');
  assert.ok(tokens.accessToken);
  const ada = signedIn(tokens.accessToken);
  assert.equal((await new UsersApi(ada).getCurrentUser()).user.email, email);

  // projects: create, list, update, delete (the 204 has no body to parse)
  const projects = new ProjectsApi(ada);
  const created = await projects.createProject({
    createProject: { name: 'Quickstart', description: 'From the TypeScript client' },
  });
  assert.equal(created.name, 'Quickstart');
  const page = await projects.listProjects({ limit: 20, offset: 0 });
  assert.ok(page.total >= 1);
  assert.ok(page.items.some((p) => p.id === created.id));
  const renamed = await projects.updateProject({
    id: created.id,
    updateProject: { name: 'Quickstart renamed' },
  });
  assert.equal(renamed.name, 'Quickstart renamed');
  await projects.deleteProject({ id: created.id });

  // typed problems: 404 and 422
  const notFound = await projects.getProject({ id: created.id }).then(
    () => assert.fail('a deleted project was found'),
    problemOf,
  );
  assert.equal(notFound?.status, 404);
  assert.equal(notFound?.code, 'not_found');
  const invalid = await projects.createProject({ createProject: { name: '' } }).then(
    () => assert.fail('an empty name was accepted'),
    problemOf,
  );
  assert.equal(invalid?.status, 422);
  assert.equal(invalid?.code, 'validation_error');
  assert.equal(invalid?.errors[0]?.field, 'name');

  // an API key, used on its own
  const key = await new APIKeysApi(ada).createApiKey({ createApiKey: { name: 'quickstart' } });
  assert.ok(key.key);
  const byKey = await new ProjectsApi(new Configuration({ basePath, apiKey: key.key })).createProject(
    { createProject: { name: 'Made with a key' } },
  );
  assert.equal(byKey.name, 'Made with a key');

  // a run against the fake provider, started and polled
  assert.ok(fakeProvider, 'ATELIER_FAKE_PROVIDER_URL is not set');
  await new ModelProvidersApi(ada).putModelProviderCredentials({
    id: 'openai',
    putCredentials: { apiKey: 'sk-test', baseUrl: fakeProvider },
  });
  await new AgentsApi(ada).createAgent({
    agentSource: {
      format: 'yaml',
      content:
        'name: greeter\ndescription: Greets\nmodel: openai:fake-1\n' +
        'instructions: Be brief.\ntools: []\n',
    },
  });
  const runs = new RunsApi(ada);
  const started = await runs.startRun({ startRun: { agent: 'greeter', message: 'Hi' } });
  let run = await runs.getRun({ id: started.runId });
  for (let i = 0; i < 300 && !['succeeded', 'failed', 'cancelled'].includes(run.status); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    run = await runs.getRun({ id: started.runId });
  }
  assert.equal(run.status, 'succeeded', JSON.stringify(run));
  assert.equal(run.output, 'Hello from the fake model');
});
