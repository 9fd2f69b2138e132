import { sourceOf } from './support/build-output';
import { COMPOSE_FILE, DEMO_FILE, readComposeFile, runArgsOf } from './support/compose';
import { execForm, finalStage, instructionsOf, readDockerfile } from './support/dockerfile';
import { BASE_DIR } from './support/kubernetes';
import { baseWorkloads } from './support/kubernetes-workloads';
import { npmScriptCall, type NpmScriptCall } from './support/npm-script-call';
import { runtimeClosure, workspaceNamed, type Workspace } from './support/workspaces';

const runtime = finalStage(readDockerfile());

interface CommandUse extends NpmScriptCall {
  /** Where the command is written, for the failure message. */
  where: string;
}

function composeCommands(): CommandUse[] {
  return [COMPOSE_FILE, DEMO_FILE].flatMap((file) =>
    Object.entries(readComposeFile(file).services).flatMap(([name, service]) => {
      const call = npmScriptCall(runArgsOf(service));
      return call ? [{ ...call, where: `${file} service ${name}` }] : [];
    }),
  );
}

function dockerfileCommands(): CommandUse[] {
  return instructionsOf(runtime, 'CMD').flatMap((args) => {
    const call = npmScriptCall(execForm(args));
    return call ? [{ ...call, where: 'Dockerfile CMD' }] : [];
  });
}

// The image's entrypoint (tini) stays: the manifests give the command as the container's args.
function kubernetesCommands(): CommandUse[] {
  return Object.values(baseWorkloads()).flatMap(({ name, container }) => {
    const call = npmScriptCall(container.args ?? []);
    return call ? [{ ...call, where: `${BASE_DIR} ${name}` }] : [];
  });
}

const commands = [...composeCommands(), ...dockerfileCommands(), ...kubernetesCommands()];
const workspacesRun = [...new Set(commands.map((command) => command.workspace ?? '(root)'))];

// Each command names its workspace: the root package's scripts build, they do not serve.
function workspaceOf(name: string | undefined): Workspace {
  const workspace = name === undefined ? undefined : workspaceNamed(name);
  if (!workspace) throw new Error(`no workspace named ${name ?? '(none given)'}`);
  return workspace;
}

describe('the commands the image runs', () => {
  test('are found: the API by default, the worker, simulator, certificate, check, forget and import in compose, the API and the worker on Kubernetes', () => {
    const found = Object.fromEntries(
      commands.map(({ where, workspace, script }) => [where, `${workspace} ${script}`]),
    );

    expect(found).toEqual({
      'Dockerfile CMD': '@leadbridge/api start',
      'docker-compose.yml service api': '@leadbridge/api start',
      'docker-compose.yml service worker': '@leadbridge/worker start',
      'docker-compose.yml service check': '@leadbridge/worker check',
      'docker-compose.yml service forget': '@leadbridge/api forget',
      'docker-compose.yml service import': '@leadbridge/api import',
      'docker-compose.demo.yml service simulator': '@leadbridge/dataverse-simulator start',
      'docker-compose.yml service simulator-certificate':
        '@leadbridge/dataverse-simulator certificate',
      [`${BASE_DIR} leadbridge-api`]: '@leadbridge/api start',
      [`${BASE_DIR} leadbridge-worker`]: '@leadbridge/worker start',
    });
  });

  test.each(commands.map((command) => [`${command.where}: ${command.script}`, command] as const))(
    '%s names a workspace script that runs a file the build produces',
    (_label, command) => {
      const workspace = workspaceOf(command.workspace);
      const script = workspace.scripts[command.script] ?? '';
      // node, its flags (a heap limit), then the built file: nothing a shell would interpret.
      const shape = /^node (?:--[\w-]+(?:=\S+)? )*(\S+\.js)$/;
      const target = shape.exec(script)?.[1] ?? '';

      expect(Object.keys(workspace.scripts)).toContain(command.script);
      expect(script).toMatch(shape);
      // dist/main.js is what tsc makes of src/main.ts: the source must exist for the file to.
      expect(sourceOf(workspace.dir, target)).toBeDefined();
    },
  );

  test.each(workspacesRun)(
    'the image holds the build of %s and of every workspace it needs at run time',
    (name) => {
      const copied = instructionsOf(runtime, 'COPY').join('\n');
      const missing = runtimeClosure(workspaceOf(name))
        .map((workspace) => `${workspace.dir}/dist`)
        .filter((dist) => !copied.includes(`/app/${dist} ${dist}`));

      expect(missing).toEqual([]);
    },
  );
});
