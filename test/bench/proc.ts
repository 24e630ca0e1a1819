/** What the benchmarks read of a process and of the machine from /proc (Linux only). */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Peak resident set of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number | undefined): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** CPU time a process used so far (user + system), ms. */
export function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/** CPU time the hypervisor gave to others (steal) and the total, machine-wide so far, in ticks. */
export function machineTicks(): { steal: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { steal: cpu[7] ?? 0, total: cpu.slice(0, 8).reduce((a, b) => a + b, 0) };
}

/** The machine's state for a benchmark's header or footer: steal since `since` (%) and the load averages. */
export function machineNote(since: { steal: number; total: number }): string {
  const now = machineTicks();
  const steal = ((now.steal - since.steal) / Math.max(1, now.total - since.total)) * 100;
  return `CPU stolen by the hypervisor ${steal.toFixed(1)} %, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`;
}
