import { PERMISSIONS } from './permissions';
import {
  ADMINISTRATOR_ROLE_ID,
  BUILT_IN_ROLES,
  BUILT_IN_ROLE_LIST,
  OPERATOR_ROLE_ID,
  OWNER_ROLE_ID,
  VIEWER_ROLE_ID,
  builtInRoleById,
  isBuiltInRoleId,
  isOwnerRole,
} from './role';

describe('built-in roles', () => {
  it('have fixed ids', () =>
    expect(BUILT_IN_ROLE_LIST.map((role) => role.id)).toEqual([
      OWNER_ROLE_ID,
      ADMINISTRATOR_ROLE_ID,
      OPERATOR_ROLE_ID,
      VIEWER_ROLE_ID,
    ]));

  it('are recognised by id', () => {
    expect(isBuiltInRoleId('role-operator')).toBe(true);
    expect(isBuiltInRoleId('role-custom')).toBe(false);
    expect(builtInRoleById('role-viewer')).toBe(BUILT_IN_ROLES.Viewer);
  });

  it('identify the Owner role only by the constant', () => {
    expect(isOwnerRole(BUILT_IN_ROLES.Owner)).toBe(true);
    expect(isOwnerRole(BUILT_IN_ROLES.Administrator)).toBe(false);
    expect(isOwnerRole({ ...BUILT_IN_ROLES.Administrator, builtIn: 'Owner' })).toBe(false);
  });

  it('give the Administrator every permission (ownership transfer is not a permission)', () =>
    expect(Object.keys(BUILT_IN_ROLES.Administrator.grants)).toEqual([...PERMISSIONS]));
});
