"""`scripts/benchmark latency`: swiftplay, ansible-playbook and pyinfra behind a slow link.

Why: users' servers are often far away, where a task costs its round trips times the
link's round-trip time. Each host sits behind its own port of a delaying proxy
(bench_proxy.py, default 50 ms each way, so 100 ms per round trip); the three tools run
the same realistic play (bench_latency_inputs.py) on the same hosts, and the bench prints
wall time per tool, the ratios swiftplay/ansible-playbook and swiftplay/pyinfra (targets
<= 1/5 and <= 1/2, reported, never asserted) and the proxy's count of turn-arounds.

Then, unless --no-round-trips, round trips per task for each module: for each tool and
module, a one-host play with the task once and one with five instances of it (each on
its own files, so each does the same work), through the proxy; per task = (turns with 5 -
turns with 1) / 4, so the connection's setup cancels out. The same difference of wall
times gives the seconds per task at this latency.

Hosts: the bench's own sshd processes (bench_sshd.py, port 2299 by default), so the shared
test lab is never restarted; the shared lab's user `lab` and key are reused.
"""
import argparse
import os
import pwd
import shutil
import statistics
import sys

from bench_check import check_pyinfra, check_recap
from bench_latency_inputs import APP_PORT, ORDER, TASKS, write_common, write_play
from bench_proxy import DelayProxy
from bench_run import become_subreaper, measure
from bench_sshd import BenchSshd, addr
from bench_tools import find_executables

NAMES = {"swiftplay": "swiftplay", "ansible": "ansible-playbook", "pyinfra": "pyinfra"}
TARGETS = (("ansible", 5), ("pyinfra", 2))
PROBE_MAX = 5   # a module's probe runs its task once and PROBE_MAX times


def parse(argv):
  p = argparse.ArgumentParser(prog="scripts/benchmark latency", description=__doc__.split("\n\n")[0])
  p.add_argument("--hosts", type=int, default=5, help="hosts, each behind its own proxy port (default 5)")
  p.add_argument("--delay-ms", type=float, default=50, help="delay each way in ms (default 50)")
  p.add_argument("--runs", type=int, default=1, help="timed runs of the play per tool (default 1)")
  p.add_argument("--tools", default="swiftplay,ansible,pyinfra", help="subset of swiftplay,ansible,pyinfra")
  p.add_argument("--modules", default=",".join(["facts"] + ORDER),
                 help="modules probed for round trips per task (default: all of the play's)")
  p.add_argument("--no-round-trips", action="store_true", help="skip the per-module round trips")
  p.add_argument("--swiftplay", metavar="BINARY", help="use this swiftplay binary, do not build")
  p.add_argument("--scratch-path", default=".build", help="SwiftPM scratch path for the release build")
  p.add_argument("--venv", default="/tmp/swiftplay-bench-venv", help="venv for pyinfra (and ansible)")
  p.add_argument("--work-dir", default="/tmp/swiftplay-bench-latency", help="generated files and logs")
  p.add_argument("--sshd-dir", default="/tmp/swiftplay-bench-sshd", help="the bench's sshd files")
  p.add_argument("--port", type=int, default=2299, help="the bench sshds' port (default 2299)")
  p.add_argument("--proxy-port", type=int, default=23000, help="host i's proxy port is this + i")
  p.add_argument("--shared-lab-dir", default="/tmp/swiftplay-lab", help="whose user key is reused")
  p.add_argument("--timeout", type=float, default=900, help="seconds before a run is killed")
  a = p.parse_args(argv)
  a.tools = [t.strip() for t in a.tools.split(",") if t.strip()]
  a.modules = [m.strip() for m in a.modules.split(",") if m.strip()]
  bad = [t for t in a.tools if t not in NAMES] + [m for m in a.modules if m not in TASKS and m != "facts"]
  if bad or not a.tools or not 1 <= a.hosts <= 500 or a.runs < 1:
    p.error(f"bad --tools/--modules ({', '.join(bad)}) or --hosts (1..500) / --runs (>= 1)")
  return a


class Bench:
  def __init__(self, a, repo):
    self.a = a
    self.w = os.path.abspath(a.work_dir)
    self.root = f"{self.w}-hosts"   # the hosts' folders: {root}/{host}
    self.logs = os.path.join(self.w, "logs")
    self.repo = repo
    self.lab_user = pwd.getpwnam("lab")

  def run(self):
    a = self.a
    shutil.rmtree(self.w, ignore_errors=True)
    os.makedirs(self.logs)
    exes = find_executables(a, self.repo, self.w)
    routes = [(a.proxy_port + i, (addr(i), a.port)) for i in range(1, a.hosts + 1)]
    sshd = BenchSshd(a.sshd_dir, a.port, a.hosts, a.shared_lab_dir)
    proxy = DelayProxy(routes, a.delay_ms / 1000)
    endpoints = {f"h{i}": ("127.0.0.1", a.proxy_port + i) for i in range(1, a.hosts + 1)}
    try:
      sshd.up(extra_endpoints=endpoints.values())
      become_subreaper()   # after the sshds start: they must not become our children
      proxy.start()
      write_common(self.w, sshd.key, sshd.known_hosts, endpoints, a.hosts, self.root)
      rows = self.play_rows(exes, proxy, list(endpoints))
      probes = {} if a.no_round_trips else self.probe_modules(exes, proxy)
    except KeyboardInterrupt:
      print("\nbenchmark: interrupted", file=sys.stderr)
      return 99
    finally:
      proxy.stop()
      sshd.stop()
    self.report(rows, probes)
    return 0 if all(r["error"] == "" for r in rows.values()) else 1

  def fresh_root(self, hosts, seed_instances=0):
    """Empties the hosts' folders; seeds app{k}.conf for probes that edit or read it."""
    shutil.rmtree(self.root, ignore_errors=True)
    uid, gid = self.lab_user.pw_uid, self.lab_user.pw_gid
    for d in [self.root] + [f"{self.root}/{h}" for h in hosts]:
      os.makedirs(d, exist_ok=True)
      os.chown(d, uid, gid)
    for h in hosts:
      for k in range(1, seed_instances + 1):
        path = f"{self.root}/{h}/app{k}.conf"
        with open(path, "w") as f:
          f.write(f"# seeded\nname={h}\nport={APP_PORT}\nlog_level=info\n")
        os.chown(path, uid, gid)

  def argv(self, tool, exe, playbook, deploy, hosts):
    limit = ["--limit", ",".join(hosts)] if len(hosts) < self.a.hosts else []
    if tool == "pyinfra":
      return [exe, "-y", "--parallel", str(len(hosts)), *limit, f"{self.w}/pyinfra_inventory.py", deploy]
    return [exe, "-i", f"{self.w}/inventory", "-f", str(len(hosts)), *limit, playbook]

  def env(self):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PYINFRA_"))}
    return dict(base, ANSIBLE_CONFIG=f"{self.w}/ansible.cfg", ANSIBLE_NOCOLOR="1")

  def once(self, tool, exe, playbook, deploy, hosts, ok_count, op_names, log, proxy):
    """One checked run; returns (Run, turns, connections, problem)."""
    proxy.reset()
    run = measure(self.argv(tool, exe, playbook, deploy, hosts), self.env(), self.w,
                  os.path.join(self.logs, log), self.a.timeout)
    turns, conns = proxy.counts()
    if run.returncode != 0:
      problem = f"exit code {run.returncode} (log {self.logs}/{log})"
    elif tool == "pyinfra":
      problem = check_pyinfra(run.output, len(hosts), op_names)
    else:
      problem = check_recap(run.output, hosts, ok_count)
    return run, turns, conns, problem

  def play_rows(self, exes, proxy, hosts):
    a = self.a
    playbook, deploy, names = write_play(self.w, "play", ORDER, self.root, facts=True)
    print(f"\nthe play: facts + {', '.join(ORDER)}; {a.hosts} hosts, {a.delay_ms:g} ms each way",
          flush=True)
    rows = {}
    for tool in a.tools:
      exe, version, err = exes[tool]
      row = rows[tool] = dict(version=version, times=[], cpu=[], turns=[], conns=[], error=err)
      for n in range(1, a.runs + 1):
        if row["error"]:
          break
        self.fresh_root(hosts)
        run, turns, conns, problem = self.once(tool, exe, playbook, deploy, hosts, len(ORDER) + 1,
                                               names, f"{tool}-play-{n}.log", proxy)
        problem = problem or self.check_state(hosts)
        if problem:
          row["error"] = f"run {n}: {problem}"
          print(f"   {NAMES[tool]} run {n}: FAILED ({problem})", flush=True)
          continue
        for k, v in (("times", run.seconds), ("cpu", run.cpu), ("turns", turns), ("conns", conns)):
          row[k].append(v)
        print(f"   {NAMES[tool]} run {n}: {run.seconds:.2f} s, {turns} turn-arounds over "
              f"{conns} connection(s), CPU {run.cpu:.2f} s", flush=True)
    return rows

  def check_state(self, hosts):
    """The play's end state on every host: the config templated, then edited."""
    for h in hosts:
      try:
        with open(f"{self.root}/{h}/app1.conf") as f:
          text = f.read()
      except OSError as e:
        return f"{h}: {e}"
      if f"name={h}\n" not in text or "log_level=debug\n" not in text:
        return f"{h}: app1.conf is not as the play leaves it: {text!r}"
    return ""

  def probe_modules(self, exes, proxy):
    """module -> tool -> (round trips per task, seconds per task) or an error text."""
    print(f"\nround trips per task: one host, each module's task x1 and x{PROBE_MAX}", flush=True)
    out = {}
    for module in self.a.modules:
      out[module] = {}
      for tool in self.a.tools:
        exe, _, err = exes[tool]
        if err:
          out[module][tool] = "no tool"
          continue
        if module == "facts" and tool == "pyinfra":
          out[module][tool] = "n/a"   # facts are no operation in pyinfra
          continue
        got = out[module][tool] = self.probe(tool, exe, module, proxy)
        text = f"{got[0]:.1f} round trips, {got[1]:.2f} s per task" if isinstance(got, tuple) else got
        print(f"   {module:<10} {NAMES[tool]:<17} {text}", flush=True)
    return out

  def probe(self, tool, exe, module, proxy):
    got = {}
    for k in (1, PROBE_MAX):
      keys, facts = ([], True) if module == "facts" else ([module], False)
      playbook, deploy, names = write_play(self.w, f"probe-{module}-{k}", keys, self.root, facts, k)
      if module == "facts":   # k setup tasks, no gather_facts
        playbook = self.facts_play(k)
      self.fresh_root(["h1"], seed_instances=PROBE_MAX)
      run, turns, _, problem = self.once(tool, exe, playbook, deploy, ["h1"], k, names,
                                         f"{tool}-probe-{module}-{k}.log", proxy)
      if problem:
        return f"FAILED: {problem}"
      got[k] = (turns, run.seconds)
    per = (got[PROBE_MAX][0] - got[1][0]) / (PROBE_MAX - 1)
    return (per, (got[PROBE_MAX][1] - got[1][1]) / (PROBE_MAX - 1), got[1][0] - per)

  def facts_play(self, k):
    path = f"{self.w}/probe-facts-{k}.yml"
    tasks = "".join(f"    - name: facts {i}\n      setup:\n" for i in range(1, k + 1))
    with open(path, "w") as f:
      f.write(f"- hosts: h1\n  gather_facts: false\n  tasks:\n{tasks}")
    return path

  def report(self, rows, probes):
    a = self.a
    print(f"\nlatency: {a.hosts} hosts, each behind its own proxy port, {a.delay_ms:g} ms each way "
          f"({2 * a.delay_ms:g} ms round trip); play: facts + {len(ORDER)} tasks; "
          f"{a.runs} run(s); load average {os.getloadavg()[0]:.1f}\n")
    head = (f"{'tool':<17} {'version':<32} {'wall (median)':>13} {'CPU':>7} {'turns':>6} "
            f"{'conns':>6} {'swiftplay/tool':>15}")
    print(head)
    print("-" * len(head))
    sp = rows.get("swiftplay")
    base = statistics.median(sp["times"]) if sp and not sp["error"] else None
    for tool, r in rows.items():
      if r["error"]:
        print(f"{NAMES[tool]:<17} {r['version'][:32]:<32} FAILED: {r['error']}")
        continue
      med = statistics.median(r["times"])
      ratio = f"{base / med:.2f}" if base else "n/a"
      print(f"{NAMES[tool]:<17} {r['version'][:32]:<32} {med:>12.2f}s {statistics.median(r['cpu']):>6.2f}s "
            f"{statistics.median(r['turns']):>6.0f} {statistics.median(r['conns']):>6.0f} {ratio:>15}")
    print()
    for other, factor in TARGETS:
      o = rows.get(other)
      if not (o and not o["error"] and base is not None):
        print(f"target swiftplay <= {NAMES[other]}/{factor}: no figure (a run is missing)")
        continue
      ratio = base / statistics.median(o["times"])
      print(f"target swiftplay <= {NAMES[other]}/{factor}: {'PASS' if ratio <= 1 / factor else 'MISS'} "
            f"(swiftplay/{NAMES[other]} = {ratio:.2f}, target {1 / factor:.2f})")
    if probes:
      self.report_probes(probes)

  def report_probes(self, probes):
    tools = self.a.tools
    print(f"\nround trips per task (turn-arounds counted at the proxy, warm connection; "
          f"(x{PROBE_MAX} - x1) / {PROBE_MAX - 1}), and seconds per task at {2 * self.a.delay_ms:g} ms RTT\n")
    head = f"{'module':<11}" + "".join(f" {NAMES[t]:>22}" for t in tools)
    print(head)
    print("-" * len(head))
    for module, by_tool in probes.items():
      cells = []
      for t in tools:
        v = by_tool.get(t, "n/a")
        cells.append(f" {v[0]:>9.1f} rt {v[1]:>7.2f}s" if isinstance(v, tuple) else f" {v[:22]:>22}")
      print(f"{module:<11}" + "".join(cells))
    cells = []
    for t in tools:
      rest = sorted(v[2] for v in (by.get(t) for by in probes.values()) if isinstance(v, tuple))
      cells.append(f" {statistics.median(rest):>9.1f} rt{'':>9}" if rest else f" {'n/a':>22}")
    print(f"{'connection':<11}" + "".join(cells))
    print("(connection: turns of the one-task run minus one task, median over the modules: the "
          "handshake, authentication, session setup and the play's own first exchanges)")


def main(argv, repo):
  a = parse(argv)
  if os.geteuid() != 0:
    sys.exit("benchmark latency: run as root (it starts sshd processes)")
  return Bench(a, repo).run()
