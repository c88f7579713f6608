/**
 * Keys come from configuration, never from the database. In demo mode (embedded database) missing keys
 * are generated once into DATA_DIR/keys with owner-only permissions, so a demo restarts with its chain
 * intact; production sets YUNSHU_AUDIT_KEY and YUNSHU_SECRET_KEY.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.ts';

export interface Keys {
  audit: Buffer;
  secret: Buffer;
}

function keyFromFile(dir: string, name: string, bytes: number): Buffer {
  const path = join(dir, `${name}.key`);
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(bytes);
  writeFileSync(path, key.toString('hex'), { mode: 0o600 });
  return key;
}

export function loadKeys(config: Config): Keys {
  const dir = join(config.dataDir, 'keys');
  const need = (hex: string | undefined, name: string, bytes: number, variable: string): Buffer => {
    if (hex) return Buffer.from(hex, 'hex');
    if (!config.demo) {
      throw new Error(`${variable} is required outside demo mode (${bytes * 2} hex characters) / 生产模式必须配置 ${variable}`);
    }
    return keyFromFile(dir, name, bytes);
  };
  return {
    audit: need(config.auditKeyHex, 'audit-hmac-sm3', 32, 'YUNSHU_AUDIT_KEY'),
    secret: need(config.secretKeyHex, 'secret-sm4', 16, 'YUNSHU_SECRET_KEY'),
  };
}
