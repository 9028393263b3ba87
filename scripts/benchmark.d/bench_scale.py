"""`scripts/benchmark scale [SIZES...]`: controller cost as the fleet grows.

Why: a controller's work per task and host should not grow with the number of hosts, and
its memory per added host should stay small. For each size N (default 20 200 500) this
runs N hosts x --tasks `command: /bin/true` tasks (default 20), plain and with facts
(gather_facts: true; pyinfra: the facts in bench_check.PYINFRA_FACTS), with swiftplay,
pyinfra and ansible-playbook (only up to --ansible-max hosts, default 200: beyond, it takes
too long), and prints per run: wall time, controller CPU (user+sys of the tool's whole
process tree, OpenSSH ControlPersist masters included; see bench_run.py), CPU per
task-host (CPU / (N x tasks), the facts counted as one more task), peak RSS of the largest
controller process, and RSS per added host against the smallest size.

Hosts: the bench's own sshd processes (bench_sshd.py: 16 loopback addresses each, port
2299), started once for the largest size and stopped at the end; the shared test lab is
never touched. Every run must succeed on every host, or its row says FAILED.
"""
import argparse
import os
import shutil
import sys

from bench_check import check_pyinfra, check_recap, pyinfra_facts_code
from bench_inputs import write
from bench_run import become_subreaper, measure
from bench_sshd import BenchSshd, addr
from bench_tools import find_executables

NAMES = {"swiftplay": "swiftplay", "ansible": "ansible-playbook", "pyinfra": "pyinfra"}


def parse(argv):
  p = argparse.ArgumentParser(prog="scripts/benchmark scale", description=__doc__.split("\n\n")[0])
  p.add_argument("sizes", nargs="*", type=int, default=[20, 200, 500], help="host counts (default 20 200 500)")
  p.add_argument("--tasks", type=int, default=20, help="`command: /bin/true` tasks (default 20)")
  p.add_argument("--modes", default="plain,facts", help="plain, facts or both (default plain,facts)")
  p.add_argument("--tools", default="swiftplay,pyinfra,ansible", help="subset of swiftplay,pyinfra,ansible")
  p.add_argument("--ansible-max", type=int, default=200, help="largest size ansible-playbook runs (default 200)")
  p.add_argument("--swiftplay", metavar="BINARY", help="use this swiftplay binary, do not build")
  p.add_argument("--scratch-path", default=".build", help="SwiftPM scratch path for the release build")
  p.add_argument("--venv", default="/tmp/swiftplay-bench-venv", help="venv for pyinfra (and ansible)")
  p.add_argument("--work-dir", default="/tmp/swiftplay-bench-scale", help="generated files and logs")
  p.add_argument("--sshd-dir", default="/tmp/swiftplay-bench-sshd", help="the bench's sshd files")
  p.add_argument("--port", type=int, default=2299, help="the bench sshds' port (default 2299)")
  p.add_argument("--shared-lab-dir", default="/tmp/swiftplay-lab", help="whose user key is reused")
  p.add_argument("--timeout", type=float, default=3600, help="seconds before a run is killed")
  a = p.parse_args(argv)
  a.tools = [t.strip() for t in a.tools.split(",") if t.strip()]
  a.modes = [m.strip() for m in a.modes.split(",") if m.strip()]
  bad = [t for t in a.tools if t not in NAMES] + [m for m in a.modes if m not in ("plain", "facts")]
  if bad or not a.tools or not a.modes or a.tasks < 1 or any(not 1 <= n <= 2000 for n in a.sizes):
    p.error(f"bad --tools/--modes ({', '.join(bad)}), --tasks (>= 1) or size (1..2000)")
  a.sizes = sorted(set(a.sizes))
  return a


def write_inputs(w, n, a, sshd):
  """Inventory, ansible.cfg, playbooks and pyinfra deploys for n hosts."""
  os.makedirs(os.path.join(w, "cp"), mode=0o700, exist_ok=True)
  hosts = "".join(f"s{i} ansible_host={addr(i)}\n" for i in range(1, n + 1))
  write(w, "inventory", f"[bench]\n{hosts}[bench:vars]\nansible_port={a.port}\nansible_user=lab\n"
        f"ansible_ssh_private_key_file={sshd.key}\n"
        f"ansible_ssh_common_args='-o UserKnownHostsFile={sshd.known_hosts}'\n"
        "ansible_python_interpreter=/usr/bin/python3\n")
  write(w, "ansible.cfg", f"[defaults]\nforks = {n}\nretry_files_enabled = False\n"
        "[ssh_connection]\npipelining = True\n"
        "ssh_args = -o ControlMaster=auto -o ControlPersist=60s\n"
        f"control_path_dir = {w}/cp\n")
  data = ('"ssh_hostname": "{}", "ssh_port": %d, "ssh_user": "lab", "ssh_key": "%s", '
          '"ssh_known_hosts_file": "%s", "ssh_strict_host_key_checking": "yes"'
          % (a.port, sshd.key, sshd.known_hosts))
  lines = [f'    ("s{i}", {{{data.format(addr(i))}}}),' for i in range(1, n + 1)]
  write(w, "pyinfra_inventory.py", "bench = [\n" + "\n".join(lines) + "\n]\n")
  tasks = "".join(f"    - name: true {i}\n      command: /bin/true\n" for i in range(1, a.tasks + 1))
  ops = "".join(f'server.shell(name="true {i}", commands=["/bin/true"])\n' for i in range(1, a.tasks + 1))
  for mode in ("plain", "facts"):
    facts = mode == "facts"
    write(w, f"{mode}.yml", f"- name: scale bench\n  hosts: bench\n  gather_facts: {str(facts).lower()}\n"
          f"  tasks:\n{tasks}")
    write(w, f"{mode}.py", "from pyinfra.operations import server\n"
          + (pyinfra_facts_code() if facts else "") + ops)


def run_one(tool, exe, mode, n, a, w, logs):
  """One checked run; returns a row dict."""
  if tool == "pyinfra":
    argv = [exe, "-y", "--parallel", str(n), f"{w}/pyinfra_inventory.py", f"{w}/{mode}.py"]
  else:
    argv = [exe, "-i", f"{w}/inventory", "-f", str(n), f"{w}/{mode}.yml"]
  base = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PYINFRA_"))}
  env = dict(base, ANSIBLE_CONFIG=f"{w}/ansible.cfg", ANSIBLE_NOCOLOR="1")
  log = os.path.join(logs, f"{tool}-{n}-{mode}.log")
  load = os.getloadavg()[0]
  run = measure(argv, env, w, log, a.timeout)
  names = [f"true {i}" for i in range(1, a.tasks + 1)]
  if run.returncode != 0:
    problem = f"exit code {run.returncode} (log {log})"
  elif tool == "pyinfra":
    problem = check_pyinfra(run.output, n, names)
  else:
    problem = check_recap(run.output, [f"s{i}" for i in range(1, n + 1)],
                          a.tasks + (mode == "facts"))
  task_hosts = n * (a.tasks + (mode == "facts"))
  row = dict(tool=tool, mode=mode, n=n, wall=run.seconds, cpu=run.cpu, rss=run.rss_kib,
             per=run.cpu / task_hosts * 1000, load=load, error=problem)
  if problem:
    print(f"   {NAMES[tool]} {n} hosts {mode}: FAILED ({problem})", flush=True)
  else:
    print(f"   {NAMES[tool]} {n} hosts {mode}: {run.seconds:.2f} s, CPU {run.cpu:.2f} s "
          f"({row['per']:.2f} ms per task-host), peak RSS {run.rss_kib / 1024:.0f} MiB, "
          f"load before {load:.1f}", flush=True)
  return row


def report(rows, a, versions):
  print(f"\nscale: {a.tasks} tasks `command: /bin/true` per host (facts: gather_facts adds one), "
        f"one run each, forks/--parallel = hosts, {os.cpu_count()} CPUs, "
        f"load average now {os.getloadavg()[0]:.1f}")
  for tool in a.tools:
    print(f"  {NAMES[tool]}: {versions.get(tool, '?')}")
  head = (f"\n{'tool':<17} {'mode':<6} {'hosts':>5} {'wall':>9} {'CPU':>9} {'ms CPU/task-host':>17} "
          f"{'peak RSS':>10} {'KiB/added host':>15} {'load':>5}")
  print(head)
  print("-" * (len(head) - 1))
  first = {}
  for r in rows:
    name = NAMES[r["tool"]]
    if r["error"]:
      print(f"{name:<17} {r['mode']:<6} {r['n']:>5} FAILED: {r['error']}")
      continue
    key = (r["tool"], r["mode"])
    first.setdefault(key, r)
    f = first[key]
    added = f"{(r['rss'] - f['rss']) / (r['n'] - f['n']):.0f}" if r["n"] > f["n"] else "-"
    print(f"{name:<17} {r['mode']:<6} {r['n']:>5} {r['wall']:>8.2f}s {r['cpu']:>8.2f}s "
          f"{r['per']:>17.3f} {r['rss'] / 1024:>6.0f} MiB {added:>15} {r['load']:>5.1f}")
  print("\nissue 15 targets (reported, never asserted): swiftplay's CPU per task-host at the "
        "largest size within 1.3x of the smallest's and at most 1/10 of pyinfra's; at most "
        "150 KiB per added host")
  for mode in a.modes:
    sp = [r for r in rows if r["tool"] == "swiftplay" and r["mode"] == mode and not r["error"]]
    py = {r["n"]: r for r in rows if r["tool"] == "pyinfra" and r["mode"] == mode and not r["error"]}
    if len(sp) >= 2:
      lo, hi = sp[0], sp[-1]
      growth = hi["per"] / lo["per"]
      print(f"  {mode}: CPU/task-host {hi['n']} vs {lo['n']} hosts: {growth:.2f}x "
            f"({'PASS' if growth <= 1.3 else 'MISS'})")
    if len(sp) >= 2:
      per_host = (sp[-1]["rss"] - sp[0]["rss"]) / (sp[-1]["n"] - sp[0]["n"])
      print(f"  {mode}: RSS per added host {sp[0]['n']} -> {sp[-1]['n']}: {per_host:.0f} KiB "
            f"({'PASS' if per_host <= 150 else 'MISS'})")
    if sp and sp[-1]["n"] in py:
      ratio = sp[-1]["per"] / py[sp[-1]["n"]]["per"]
      print(f"  {mode}: swiftplay/pyinfra CPU per task-host at {sp[-1]['n']} hosts: {ratio:.2f} "
            f"({'PASS' if ratio <= 0.1 else 'MISS'})")


def main(argv, repo):
  a = parse(argv)
  if os.geteuid() != 0:
    sys.exit("benchmark scale: run as root (it starts sshd processes)")
  w = os.path.abspath(a.work_dir)
  logs = os.path.join(w, "logs")
  shutil.rmtree(w, ignore_errors=True)
  os.makedirs(logs)
  exes = find_executables(a, repo, w)
  versions = {t: v for t, (_, v, _) in exes.items()}
  sshd = BenchSshd(a.sshd_dir, a.port, max(a.sizes), a.shared_lab_dir)
  rows = []
  try:
    sshd.up()
    become_subreaper()   # after the sshds start: they must not become our children
    for n in a.sizes:
      write_inputs(w, n, a, sshd)
      for mode in a.modes:
        for tool in a.tools:
          exe, version, err = exes[tool]
          if tool == "ansible" and n > a.ansible_max:
            continue
          if err:
            rows.append(dict(tool=tool, mode=mode, n=n, error=err))
            continue
          rows.append(run_one(tool, exe, mode, n, a, w, logs))
  except KeyboardInterrupt:
    print("\nbenchmark: interrupted", file=sys.stderr)
    return 99
  finally:
    sshd.stop()
  report(rows, a, versions)
  return 0 if rows and all(not r["error"] for r in rows) else 1
