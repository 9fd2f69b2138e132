import { roleFromClaims } from '../src/admin/oidc-roles';
import { localReturnPath } from '../src/admin/return-path';

const GROUPS = { operatorGroups: ['OPS-GROUP'], viewerGroups: ['support-group'] };

describe('the admin role an Entra ID token grants', () => {
  it.each([
    [{ roles: ['Leadbridge.Operator'] }, 'operator'],
    [{ roles: ['Leadbridge.Viewer'] }, 'viewer'],
    [{ roles: ['Leadbridge.Viewer', 'Leadbridge.Operator'] }, 'operator'],
    [{ groups: ['ops-group'] }, 'operator'],
    [{ groups: ['support-group'] }, 'viewer'],
    [{ roles: ['Leadbridge.Viewer'], groups: ['ops-group'] }, 'operator'],
    [{ roles: ['Leadbridge.Other'], groups: ['another-group'] }, undefined],
    [{ roles: 'Leadbridge.Operator' }, undefined],
    [{}, undefined],
  ])('%o gives %s', (claims, role) => {
    expect(roleFromClaims(claims, GROUPS)).toBe(role);
  });
});

describe('where the browser goes after signing in', () => {
  it.each([
    ['/queues', '/queues'],
    ['/api/leads/abc?x=1', '/api/leads/abc?x=1'],
    ['//evil.example/queues', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/queues\nSet-Cookie: x=1', '/'],
    ['queues', '/'],
    [undefined, '/'],
    [`/${'a'.repeat(2001)}`, '/'],
  ])('%j goes to %s', (given, path) => {
    expect(localReturnPath(given)).toBe(path);
  });
});
