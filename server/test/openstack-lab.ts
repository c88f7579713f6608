/**
 * openstack-lab (/work/shared/labs/openstack) writes its endpoints and users to oslab.env when it runs
 * on this machine. Tests against the real OpenStack run when its Keystone answers, are skipped with a
 * reason otherwise, and fail instead when YUNSHU_REQUIRE_OPENSTACK=1 (CI).
 */
import { existsSync, readFileSync } from 'node:fs';

export async function openstackLab(): Promise<Record<string, string> | null> {
  const file = `${process.env.OSLAB_HOME ?? '/var/lib/openstack-lab'}/oslab.env`;
  if (!existsSync(file)) return null;
  const env: Record<string, string> = Object.fromEntries(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  try {
    await fetch(env.OSLAB_AUTH_URL ?? '', { signal: AbortSignal.timeout(2000) });
    return env;
  } catch {
    return null;
  }
}

/** The `skip` option of a test that needs the lab. */
export function skipWithoutLab(lab: Record<string, string> | null): string | false {
  return lab || process.env.YUNSHU_REQUIRE_OPENSTACK === '1' ? false : 'openstack-lab is not running (labs/openstack/openstack-lab.sh up)';
}
