// Seed users and their permissions. The admin and bob lists are copied from the
// transcript (steps "00 currentuser, admin user key" and "B02 bob currentuser
// (session)"); the viewer list is a sim choice: a read-only user outside the
// Operator ("users") group, hence without PLUGIN_APPKEYS_GRANT (whose default group
// is USER_GROUP, see get_additional_permissions in appkeys/__init__.py).
import type { KeyFormat, SeedUserName, SimUser } from './types';
import { generateKey } from './tokens';

export const ADMIN_PERMISSIONS: readonly string[] = [
  'ADMIN', 'STATUS', 'CONNECTION', 'WEBCAM', 'SYSTEM', 'FILES_LIST', 'FILES_UPLOAD',
  'FILES_DOWNLOAD', 'FILES_DELETE', 'FILES_SELECT', 'PRINT', 'GCODE_VIEWER', 'MONITOR_TERMINAL',
  'CONTROL', 'SLICE', 'TIMELAPSE_LIST', 'TIMELAPSE_DOWNLOAD', 'TIMELAPSE_DELETE',
  'TIMELAPSE_MANAGE_UNRENDERED', 'TIMELAPSE_ADMIN', 'SETTINGS_READ', 'SETTINGS',
  'PLUGIN_ACHIEVEMENTS_VIEW', 'PLUGIN_ACHIEVEMENTS_RESET', 'PLUGIN_ACTION_COMMAND_NOTIFICATION_SHOW',
  'PLUGIN_ACTION_COMMAND_NOTIFICATION_CLEAR', 'PLUGIN_ACTION_COMMAND_PROMPT_INTERACT',
  'PLUGIN_APPKEYS_ADMIN', 'PLUGIN_APPKEYS_GRANT', 'PLUGIN_BACKUP_CREATE', 'PLUGIN_LOGGING_MANAGE',
];

export const OPERATOR_PERMISSIONS: readonly string[] = [
  'STATUS', 'CONNECTION', 'WEBCAM', 'FILES_LIST', 'FILES_UPLOAD', 'FILES_DOWNLOAD', 'FILES_DELETE',
  'FILES_SELECT', 'PRINT', 'GCODE_VIEWER', 'MONITOR_TERMINAL', 'CONTROL', 'SLICE', 'TIMELAPSE_LIST',
  'TIMELAPSE_DOWNLOAD', 'TIMELAPSE_DELETE', 'TIMELAPSE_MANAGE_UNRENDERED', 'TIMELAPSE_ADMIN',
  'SETTINGS_READ', 'PLUGIN_ACHIEVEMENTS_VIEW', 'PLUGIN_ACTION_COMMAND_NOTIFICATION_SHOW',
  'PLUGIN_ACTION_COMMAND_NOTIFICATION_CLEAR', 'PLUGIN_ACTION_COMMAND_PROMPT_INTERACT',
  'PLUGIN_APPKEYS_GRANT',
];

export const VIEWER_PERMISSIONS: readonly string[] = [
  'STATUS', 'WEBCAM', 'FILES_LIST', 'FILES_DOWNLOAD', 'GCODE_VIEWER', 'TIMELAPSE_LIST',
  'TIMELAPSE_DOWNLOAD', 'SETTINGS_READ', 'PLUGIN_ACHIEVEMENTS_VIEW',
];

/** Who can act in the simulator: a seeded user or the `_api` pseudo-user of the global key. */
export interface Principal {
  name: string;
  groups: string[];
  permissions: readonly string[];
  roles: string[];
  admin: boolean;
  apiKey: string | null;
}

export const GLOBAL_KEY_USER = '_api';

/** `_api`: transcript step "B08 currentuser with GLOBAL key". */
export const API_PSEUDO_USER: Principal = {
  name: GLOBAL_KEY_USER,
  groups: ['admins', 'users'],
  permissions: ADMIN_PERMISSIONS,
  roles: ['user', 'admin'],
  admin: true,
  apiKey: null,
};

const PASSWORDS: Record<SeedUserName, string> = {
  // The transcript's throw-away passwords, so replayed login bodies work unchanged.
  admin: 'Adm1nPass!',
  bob: 'User1Pass!',
  viewer: 'View3rPass!',
};

export function seedUsers(format: KeyFormat): Record<SeedUserName, SimUser> {
  const make = (name: SeedUserName, groups: string[], perms: readonly string[]): SimUser => ({
    name, password: PASSWORDS[name], apiKey: generateKey(format), groups, permissions: [...perms],
  });
  return {
    admin: make('admin', ['admins'], ADMIN_PERMISSIONS),
    bob: make('bob', ['users'], OPERATOR_PERMISSIONS),
    viewer: make('viewer', ['readonly'], VIEWER_PERMISSIONS),
  };
}

export function principalOf(user: SimUser): Principal {
  const admin = user.groups.includes('admins');
  return {
    name: user.name, groups: [...user.groups], permissions: user.permissions,
    roles: admin ? ['user', 'admin'] : ['user'], admin, apiKey: user.apiKey,
  };
}

/** Flask-Principal "needs.role" names as in the /api/login answer (lower case, a few renamed). */
export function roleNeeds(permissions: readonly string[]): string[] {
  const renamed: Record<string, string> = {
    GCODE_VIEWER: 'gcodeviewer',
    PLUGIN_APPKEYS_GRANT: 'plugin_appkeys_user',
  };
  return permissions.map((p) => renamed[p] ?? p.toLowerCase());
}
