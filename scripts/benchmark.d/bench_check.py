"""Whether a run that exited 0 really did the work, for every bench.

A run that failed on a host, or skipped it, still prints a time; these checks turn that
into a FAILED row. Playbook tools (ansible-playbook, swiftplay) are read from the PLAY
RECAP, pyinfra from its results table (operation, hosts, successes, errors, no change).
"""
import re

# One line of the PLAY RECAP that ansible-playbook (and swiftplay, which follows it) print.
RECAP = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)",
                   re.M)

# pyinfra's facts for "gather facts": what Ansible's setup reports most of (host, kernel,
# distribution, architecture, memory, mounts, addresses, date, uptime). pyinfra has no
# "all facts" call; each is a command it runs on the host.
PYINFRA_FACTS = [
  ("pyinfra.facts.server", ["Hostname", "Kernel", "KernelVersion", "Arch", "LinuxDistribution",
                            "Mounts", "Date", "Uptime"]),
  ("pyinfra.facts.hardware", ["Memory", "Ipv4Addrs"]),
]


def pyinfra_facts_code():
  """Deploy-file lines that fetch PYINFRA_FACTS on each host."""
  lines = ["from pyinfra import host"]
  names = []
  for module, facts in PYINFRA_FACTS:
    lines.append(f"from {module} import {', '.join(facts)}")
    names += facts
  lines.append(f"for _fact in ({', '.join(names)},):\n  host.get_fact(_fact)")
  return "\n".join(lines) + "\n"


def check_recap(out, hosts, ok_count):
  """'' when every host of `hosts` has ok=ok_count and no failure in the recap."""
  recap = {}
  for m in RECAP.finditer(out):
    if int(m.group(4)) or int(m.group(5)):
      return f"{m.group(1)}: unreachable={m.group(4)} failed={m.group(5)}"
    recap[m.group(1)] = int(m.group(2))
  for h in hosts:
    if recap.get(h) != ok_count:
      return f"{h}: ok={recap.get(h, 'missing')} in the recap, expected {ok_count}"
  return ""


def check_pyinfra(out, host_count, operations):
  """'' when each named operation succeeded or found nothing to change on host_count hosts
  (the results table's Success and No Change columns), with no error."""
  num = lambda text: 0 if text == "-" else int(text)
  for name in operations:
    m = re.search(rf"^\s*{re.escape(name)}\s+\d+\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s", out, re.M)
    if not m:
      return f"operation '{name}': not in pyinfra's results table"
    ok, errors, same = (num(g) for g in m.groups())
    if errors or ok + same != host_count:
      return (f"operation '{name}': {ok} success(es), {same} without change, {errors} error(s), "
              f"expected {host_count} hosts")
  return ""
