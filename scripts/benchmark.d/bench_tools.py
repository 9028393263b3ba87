"""The tools the benchmark compares: how each is installed, run, checked and reset."""
import os
import re
import statistics
import subprocess
import sys
from dataclasses import dataclass, field

from bench_check import check_pyinfra, check_recap
from bench_inputs import BECOME_VARS, CHECK_TASK, INPUTS


@dataclass
class Row:
  name: str
  version: str
  times: list = field(default_factory=list)
  rss: list = field(default_factory=list)
  error: str = ""

  @property
  def ok(self):
    return not self.error and bool(self.times)

  @property
  def min(self):
    return min(self.times)

  @property
  def median(self):
    return statistics.median(self.times)


@dataclass
class Tool:
  name: str
  version: str = "?"
  # mode -> argv: "plain", "become" (timed), "check" (the untimed root check); a tool
  # without "become" (the floor) has no become row.
  argv: dict = field(default_factory=dict)
  env: dict = field(default_factory=dict)
  error: str = ""
  hosts: int = 0
  tasks: int = 0
  control_dir: str = ""   # ansible's ControlPersist sockets, closed between runs

  def verify(self, out, mode="plain"):
    """Why a run that exited 0 still did not do the work, or '' when it did."""
    names = [CHECK_TASK] if mode == "check" else [f"true {i}" for i in range(1, self.tasks + 1)]
    if self.name == "pyinfra":   # its results table, as it prints no line per host
      return check_pyinfra(out, self.hosts, names)
    if self.name == "libssh2 floor":
      m = re.search(r"^ran (\d+) commands", out, re.M)
      want = self.hosts * self.tasks
      return "" if m and int(m.group(1)) == want else f"expected 'ran {want} commands'"
    return check_recap(out, [f"lab{i}" for i in range(1, self.hosts + 1)], len(names))

  def reset(self):
    """Closes ansible's ControlPersist masters, so each timed run starts cold as swiftplay's."""
    if not self.control_dir or not os.path.isdir(self.control_dir):
      return
    for sock in os.listdir(self.control_dir):
      path = os.path.join(self.control_dir, sock)
      subprocess.run(["ssh", "-o", f"ControlPath={path}", "-O", "exit", "bench"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
      if os.path.exists(path):
        os.unlink(path)


def _out(argv, **kw):
  """stdout+stderr of a command, or None when it cannot run or fails."""
  try:
    done = subprocess.run(argv, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
  except OSError:
    return None
  return done.stdout if done.returncode == 0 else None


def make_tools(a, repo):
  """Installs, builds and describes every tool asked for, before the lab starts."""
  w, lab = a.work_dir, os.path.abspath(a.lab_dir)
  base = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PYINFRA_"))}
  ansible_env = dict(base, ANSIBLE_CONFIG=f"{w}/ansible.cfg", ANSIBLE_NOCOLOR="1")
  common = dict(hosts=a.hosts, tasks=a.tasks)
  tools = []
  ansible, ansible_version = _find_ansible()
  venv_err = _ensure_venv(a.venv, "pyinfra" in a.tools, "ansible" in a.tools and not ansible)
  if "ansible" in a.tools and not ansible and not venv_err:
    ansible, ansible_version = _find_ansible(os.path.join(a.venv, "bin", "ansible-playbook"))
  for name in a.tools:
    if name == "swiftplay":
      binary, version, err = _swiftplay(a, repo, w)
      tools.append(Tool("swiftplay", version, _playbook_argv([binary], w), ansible_env, err,
                        **common))
    elif name == "ansible":
      tools.append(Tool("ansible-playbook", ansible_version, _playbook_argv([ansible], w),
                        ansible_env, "" if ansible else venv_err or "no ansible-playbook",
                        control_dir=f"{w}/cp", **common))
    elif name == "pyinfra":
      exe = os.path.join(a.venv, "bin", "pyinfra")
      version = (_out([exe, "--version"]) or "?").split("v")[-1].strip()
      run = [exe, "-y", "--parallel", str(a.forks), f"{w}/pyinfra_inventory.py"]
      tools.append(Tool("pyinfra", version, {m: run + [f"{w}/{INPUTS[m][1]}"] for m in INPUTS},
                        dict(base), venv_err if venv_err else "", **common))
    elif name == "floor":
      binary, version, err = _floor(repo, w)
      tools.append(Tool("libssh2 floor", version,
                        {"plain": [binary, f"{w}/floor_hosts", str(a.port), "lab",
                                   f"{lab}/keys/id_ed25519", str(a.tasks)]}, dict(base), err,
                        **common))
  return tools


def _playbook_argv(exe, w):
  """ansible-playbook's and swiftplay's argv per mode; become reads its password from a
  0600 extra-vars file, so it is on no command line."""
  argv = {}
  for mode, (playbook, _) in INPUTS.items():
    secret = [] if mode == "plain" else ["-e", f"@{w}/{BECOME_VARS}"]
    argv[mode] = [*exe, "-i", f"{w}/inventory", *secret, f"{w}/{playbook}"]
  return argv


def _find_ansible(exe=None):
  """ansible-playbook and its version, if it belongs to the PyPI package `ansible`.

  A bare ansible-core install is not what users get from `pip install ansible`, so it is
  not reused. The real executable is used rather than a pyenv shim, which adds a shell.
  """
  exe = exe or _which("ansible-playbook")
  text = _out([exe, "--version"]) if exe else None
  if not text:
    return None, ""
  core = re.search(r"\[core ([^\]]+)\]", text)
  real = re.search(r"executable location = (\S+)", text)
  python = re.search(r"python version = .*\((/\S+)\)\s*$", text, re.M)
  if not python:
    return None, ""
  pkg = _out([python.group(1), "-c", "import importlib.metadata as m; print(m.version('ansible'))"])
  if not pkg:
    return None, ""
  exe = real.group(1) if real and os.access(real.group(1), os.X_OK) else exe
  return exe, f"ansible {pkg.strip()} (core {core.group(1) if core else '?'})"


def _which(name):
  from shutil import which
  return which(name)


def _ensure_venv(venv, pyinfra, ansible):
  """Creates the venv and pip-installs what is missing; returns an error message or ''."""
  want = [p for p, needed in (("pyinfra", pyinfra), ("ansible", ansible))
          if needed and not os.path.exists(os.path.join(venv, "bin", p if p == "pyinfra"
                                                        else "ansible-playbook"))]
  if not want:
    return ""
  print(f"installing into {venv}: pip install {' '.join(want)}", flush=True)
  for argv in ([sys.executable, "-m", "venv", venv],
               [os.path.join(venv, "bin", "pip"), "install", "-q", *want]):
    done = subprocess.run(argv, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if done.returncode != 0:
      return f"could not install {' '.join(want)}: {done.stdout.strip()[-300:]}"
  return ""


def _swiftplay(a, repo, w):
  """The swiftplay binary: given, or built in release mode. A build that failed because a
  source changed under it (another engineer's edit in a shared checkout) is retried."""
  version = _out(["git", "-C", repo, "rev-parse", "--short", "HEAD"])
  version = f"git {version.strip()}" if version else "?"
  if a.swiftplay:
    binary = os.path.abspath(a.swiftplay)
    given = (_out([binary, "--version"]) or "").strip().removeprefix("swiftplay ")
    return binary, f"{given or '?'} (given binary)", ""
  scratch = os.path.join(repo, a.scratch_path)
  argv = ["swift", "build", "-c", "release", "--product", "swiftplay", "--scratch-path", scratch]
  print(f"building swiftplay: {' '.join(argv)}", flush=True)
  log = os.path.join(w, "logs", "swiftplay-build.log")
  for _ in range(3):
    with open(log, "w") as f:
      done = subprocess.run(argv, cwd=repo, stdout=f, stderr=subprocess.STDOUT)
    if done.returncode == 0:
      binary = os.path.join(scratch, "release", "swiftplay")
      given = (_out([binary, "--version"]) or "").strip().removeprefix("swiftplay ")
      return binary, f"{given} ({version})" if given else version, ""
    with open(log, errors="replace") as f:
      if "was modified during the build" not in f.read():
        break
  return "swiftplay", version, f"release build failed (see {log})"


def _floor(repo, w):
  src = os.path.join(repo, "scripts", "benchmark-floor.c")
  binary = os.path.join(w, "floor")
  flags = (_out(["pkg-config", "--cflags", "--libs", "libssh2"]) or "-lssh2").split()
  done = subprocess.run(["cc", "-O2", "-o", binary, src, *flags, "-lpthread"], text=True,
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
  version = (_out(["pkg-config", "--modversion", "libssh2"]) or "?").strip()
  err = "" if done.returncode == 0 else f"could not compile {src}: {done.stdout.strip()[-300:]}"
  return binary, f"libssh2 {version}", err


def find_executables(a, repo, w):
  """name -> (executable, version, error) for the tools in a.tools (swiftplay, ansible,
  pyinfra): the latency and scale benches' way to the same installs and build as above."""
  found = {}
  ansible, ansible_version = _find_ansible()
  venv_err = _ensure_venv(a.venv, "pyinfra" in a.tools, "ansible" in a.tools and not ansible)
  if "ansible" in a.tools and not ansible and not venv_err:
    ansible, ansible_version = _find_ansible(os.path.join(a.venv, "bin", "ansible-playbook"))
  for name in a.tools:
    if name == "swiftplay":
      found[name] = _swiftplay(a, repo, w)
    elif name == "ansible":
      found[name] = (ansible, ansible_version, "" if ansible else venv_err or "no ansible-playbook")
    elif name == "pyinfra":
      exe = os.path.join(a.venv, "bin", "pyinfra")
      version = (_out([exe, "--version"]) or "?").split("v")[-1].strip()
      found[name] = (exe, version, venv_err)
  return found
