"""One timed run of a tool: wall time, controller CPU, peak RSS, exit code and output.

Why here: every bench (the 20x20 table, latency, scale) measures runs the same way, so the
rules live in one place:
- wall time: monotonic clock around the run;
- peak RSS: wait4's rusage of the tool's process, which covers the descendants it waited
  for, i.e. the largest single controller process (as GNU time reports);
- controller CPU (user+sys): everything the run's process tree used, including processes
  that outlived it. OpenSSH's ControlPersist masters detach from ansible-playbook and do
  its encryption, so this process becomes a child subreaper (prctl) before runs: orphans
  are re-parented to it, and after each run the ones left (the masters) are ended with
  SIGTERM and reaped, so their CPU counts and the next run starts cold.
"""
import ctypes
import os
import resource
import signal
import subprocess
import threading
import time
from dataclasses import dataclass

PR_SET_CHILD_SUBREAPER = 36


@dataclass
class Run:
  seconds: float
  cpu: float        # user+sys seconds of the whole process tree, orphans included
  rss_kib: int      # peak RSS of the largest process, KiB
  returncode: int
  output: str


def become_subreaper():
  """Orphans of later children come to this process (call after starting daemons that
  must not, such as the bench's sshd processes). Returns False where prctl is missing."""
  try:
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
  except (OSError, AttributeError):
    return False


def measure(argv, env, cwd, log_path, timeout):
  """Runs argv once in a session of its own, output to log_path; see the module doc."""
  before = _children_cpu()
  with open(log_path, "w") as log:
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    killer = _Killer(proc.pid, timeout)
    try:
      _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:   # Ctrl-C: the run must not outlive the bench's hosts
      killer.cancel()
      killer.fire()
      os.waitpid(proc.pid, 0)
      reap_orphans()
      raise
    seconds = time.monotonic() - start
    killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
  reap_orphans()
  cpu = _children_cpu() - before
  with open(log_path, errors="replace") as f:
    output = f.read()
  if killer.fired:
    output += f"\n(killed after {timeout:.0f} s)\n"
  return Run(seconds, cpu, usage.ru_maxrss, proc.returncode, output)


def reap_orphans(grace=5.0):
  """Ends and reaps the processes re-parented to this one (ControlPersist masters)."""
  me = os.getpid()
  orphans = [p for p in _pids() if _ppid(p) == me and not _is_thread_of(p, me)]
  for pid in orphans:
    try:
      os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
      pass
  deadline = time.monotonic() + grace
  for pid in orphans:
    while True:
      try:
        done, _ = os.waitpid(pid, os.WNOHANG)
      except ChildProcessError:
        break
      if done:
        break
      if time.monotonic() > deadline:
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + grace
      time.sleep(0.02)


def _children_cpu():
  r = resource.getrusage(resource.RUSAGE_CHILDREN)
  return r.ru_utime + r.ru_stime


def _pids():
  return [int(n) for n in os.listdir("/proc") if n.isdigit()]


def _ppid(pid):
  try:
    with open(f"/proc/{pid}/stat") as f:
      return int(f.read().rsplit(")", 1)[1].split()[1])
  except (OSError, IndexError, ValueError):
    return -1


def _is_thread_of(pid, me):
  return os.path.isdir(f"/proc/{me}/task/{pid}")


class _Killer:
  """Kills the process group of a run (a group this script made) once its time is up."""

  def __init__(self, pid, timeout):
    self.fired = False
    self.pid = pid
    self.timer = threading.Timer(timeout, self.fire)
    self.timer.daemon = True
    self.timer.start()

  def fire(self):
    self.fired = True
    try:
      os.killpg(self.pid, signal.SIGKILL)
    except ProcessLookupError:
      pass

  def cancel(self):
    self.timer.cancel()
