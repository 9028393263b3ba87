"""Many SSH hosts for the latency and scale benches, from a few sshd processes of their own.

Why not lab/lab.sh: it runs one sshd per host on 127.0.0.2..254 (so at most 253 hosts),
rewrites the user's password, sudo rule and authorized_keys and the /etc/hosts block on
`up`, and other work (the test lab on port 2222) depends on those. These benches need up
to 500 hosts and must leave the shared lab alone, so this starts its own sshd processes on
another port (default 2299), each listening on 16 loopback addresses 127.77.X.Y (OpenSSH
accepts at most 16 listen sockets per process), with MaxStartups high enough for every
host connecting at once. Each address is a host of its own to every tool (a separate TCP
endpoint, so Ansible's ControlPersist keeps a master per host).

It reuses the shared lab's user `lab` and client key (read only: lab.sh made them; its
authorized_keys lets that key in) and writes its own host keys, configs, pid files and
known_hosts under its folder. `stop()` ends only the processes it started: each sshd whose
pid file it wrote, and their descendants (the sessions).
"""
import os
import signal
import socket
import subprocess
import time

SSHD = "/usr/sbin/sshd"   # absolute: sshd refuses to re-exec itself otherwise
PER_SSHD = 16             # OpenSSH's MAX_LISTEN_SOCKS


def addr(i):
  """Host i's loopback address (1-based): 127.77.0.1 .. 127.77.0.250, 127.77.1.1 ..."""
  return f"127.77.{(i - 1) // 250}.{(i - 1) % 250 + 1}"


class BenchSshd:
  def __init__(self, folder, port, hosts, shared_lab_dir, user="lab"):
    self.dir = os.path.abspath(folder)
    self.port = port
    self.hosts = hosts
    self.user = user
    self.key = os.path.join(shared_lab_dir, "keys", "id_ed25519")
    self.pids = []

  @property
  def known_hosts(self):
    return os.path.join(self.dir, "known_hosts")

  def up(self, extra_endpoints=()):
    """Starts the sshds; known_hosts also names extra_endpoints, (host, port) pairs that
    lead to these sshds (the latency bench's proxy ports)."""
    if not os.path.isfile(self.key):
      raise SystemExit(f"benchmark: no client key {self.key}: the shared lab makes the user "
                       "'lab' and its keys (bash lab/lab.sh up), then this bench can run")
    os.makedirs(self.dir, mode=0o700, exist_ok=True)
    self.stop_leftovers()
    hostkey = os.path.join(self.dir, "ssh_host_ed25519_key")
    if not os.path.isfile(hostkey):
      subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "swiftplay-bench",
                      "-f", hostkey], check=True)
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)   # privilege separation directory
    with open(hostkey + ".pub") as f:
      kind, blob = f.read().split()[:2]
    endpoints = [(addr(i), self.port) for i in range(1, self.hosts + 1)] + list(extra_endpoints)
    with open(self.known_hosts, "w") as f:
      f.writelines(f"[{h}]:{p} {kind} {blob}\n" for h, p in endpoints)
    groups = [list(range(s, min(s + PER_SSHD, self.hosts + 1)))
              for s in range(1, self.hosts + 1, PER_SSHD)]
    print(f"starting {len(groups)} sshd process(es) for {self.hosts} hosts on "
          f"{addr(1)}..{addr(self.hosts)} port {self.port} ({self.dir})", flush=True)
    for n, group in enumerate(groups):
      self._start(n, group, hostkey)
    for i in range(1, self.hosts + 1):
      if not _wait_open(addr(i), self.port):
        self.stop()
        raise SystemExit(f"benchmark: {addr(i)}:{self.port} did not come up; see {self.dir}/sshd-*.log")

  def _start(self, n, group, hostkey):
    config = os.path.join(self.dir, f"sshd-{n}.config")
    pidfile = os.path.join(self.dir, f"sshd-{n}.pid")
    listen = "".join(f"ListenAddress {addr(i)}:{self.port}\n" for i in group)
    with open(config, "w") as f:
      f.write(f"{listen}HostKey {hostkey}\nPidFile {pidfile}\n"
              "PubkeyAuthentication yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
              f"UsePAM no\nPermitRootLogin no\nAllowUsers {self.user}\nStrictModes yes\n"
              # Every host may connect at once; sessions per connection for channel reuse.
              "MaxStartups 2000\nMaxSessions 200\nLogLevel ERROR\nPrintMotd no\n"
              "Subsystem sftp internal-sftp\n")
    if os.path.exists(pidfile):
      os.unlink(pidfile)
    subprocess.run([SSHD, "-t", "-f", config], check=True)
    subprocess.run([SSHD, "-f", config, "-E", os.path.join(self.dir, f"sshd-{n}.log")], check=True)
    for _ in range(50):
      if os.path.exists(pidfile) and os.path.getsize(pidfile):
        break
      time.sleep(0.1)
    with open(pidfile) as f:
      self.pids.append(int(f.read().strip()))

  def stop_leftovers(self):
    """Ends sshds an earlier, interrupted run of this bench left (by their pid files)."""
    for name in sorted(os.listdir(self.dir)):
      if name.startswith("sshd-") and name.endswith(".pid"):
        try:
          with open(os.path.join(self.dir, name)) as f:
            pid = int(f.read().strip())
        except (OSError, ValueError):
          continue
        if _is_our_sshd(pid, self.dir):
          self.pids.append(pid)
    self.stop(quiet=True)

  def stop(self, quiet=False):
    """SIGTERM to each sshd this started and its descendants (sessions), then SIGKILL."""
    pids = [p for p in self.pids if _is_our_sshd(p, self.dir)]
    every = pids + [d for p in pids for d in _descendants(p)]
    for sig in (signal.SIGTERM, signal.SIGKILL):
      for pid in every:
        try:
          os.kill(pid, sig)
        except ProcessLookupError:
          pass
      for _ in range(30):
        if not any(_alive(p) for p in every):
          break
        time.sleep(0.1)
    if pids and not quiet:
      print(f"stopped {len(pids)} bench sshd process(es) on port {self.port}", flush=True)
    self.pids = []


def _wait_open(host, port, tries=50):
  for _ in range(tries):
    try:
      with socket.create_connection((host, port), timeout=1):
        return True
    except OSError:
      time.sleep(0.1)
  return False


def _cmdline(pid):
  try:
    with open(f"/proc/{pid}/cmdline", "rb") as f:
      return f.read().replace(b"\0", b" ").decode(errors="replace")
  except OSError:
    return ""


def _is_our_sshd(pid, folder):
  """True when pid is a live sshd started with a config from this bench's folder."""
  line = _cmdline(pid)
  return "sshd" in line and f" -f {folder}/sshd-" in line


def _alive(pid):
  try:
    with open(f"/proc/{pid}/stat") as f:
      return f.read().rsplit(")", 1)[1].split()[0] != "Z"
  except (OSError, IndexError):
    return False


def _descendants(root):
  """Pids below root, found by scanning /proc (this kernel has no task/*/children)."""
  kids = {}
  for name in os.listdir("/proc"):
    if not name.isdigit():
      continue
    try:
      with open(f"/proc/{name}/stat") as f:
        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
      continue
    kids.setdefault(ppid, []).append(int(name))
  out, queue = [], [root]
  while queue:
    for child in kids.get(queue.pop(), []):
      out.append(child)
      queue.append(child)
  return out
