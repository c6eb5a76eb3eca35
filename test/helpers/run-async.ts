// A program run to its end without blocking this process (spawnSync would stop the test's own
// loopback listeners from answering), bounded in time, its output collected as UTF-8 text.
import { spawn, type SpawnOptions } from 'node:child_process';

export interface RanProgram {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runAsync(program: string, args: string[], options: Pick<SpawnOptions, 'cwd' | 'env'> & { timeoutMs?: number } = {}): Promise<RanProgram> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
