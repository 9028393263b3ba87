"""The benchmark's own SSH lab: lab/lab.sh with another folder and port.

Why this is more than `lab.sh up`: lab.sh keeps one system-wide user `lab` and one marked
block of /etc/hosts per machine. A second lab started next to the shared one (port 2222)
would give that user a new random password and an authorized_keys file holding only the
second lab's keys, locking the shared lab's keys out; and `lab.sh down` removes the whole
/etc/hosts block, which the shared lab's sudo needs. So before `up` the shared lab's
password and client keys are copied into this lab's folder (lab.sh then rewrites the user,
the sudo rule and authorized_keys with the same contents), and after `down` the /etc/hosts
block that was there before is put back.
"""
import os
import shutil
import subprocess

BEGIN, END = "# swiftplay-lab begin", "# swiftplay-lab end"
ETC_HOSTS = "/etc/hosts"


class BenchLab:
  def __init__(self, repo, lab_dir, port, hosts, shared_dir):
    self.script = os.path.join(repo, "lab", "lab.sh")
    self.dir = os.path.abspath(lab_dir)
    self.port = port
    self.hosts = hosts
    self.shared_dir = os.path.abspath(shared_dir)
    self.started = False
    self.saved_block = None

  @staticmethod
  def addr(i):
    return f"127.0.0.{i + 1}"

  def _env(self):
    env = dict(os.environ)
    env.update(SWIFTPLAY_LAB_DIR=self.dir, SWIFTPLAY_LAB_PORT=str(self.port),
               SWIFTPLAY_LAB_USER="lab")
    return env

  def _lab(self, *args):
    return subprocess.run(["bash", self.script, *args], env=self._env(), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

  def up(self):
    if self.dir == self.shared_dir:
      raise SystemExit("benchmark: --lab-dir must not be the shared lab's folder")
    self.saved_block = _read_block()
    self._seed()
    self.started = True
    print(f"starting the benchmark lab: {self.hosts} hosts in {self.dir}, port {self.port}",
          flush=True)
    done = self._lab("up", str(self.hosts))
    if done.returncode != 0:
      raise SystemExit(f"benchmark: lab.sh up failed:\n{done.stdout}")
    print(done.stdout.rstrip().splitlines()[-2])

  def _seed(self):
    """Copies the shared lab's passwords and keys, so `up` changes nothing it relies on."""
    password = os.path.join(self.shared_dir, "password")
    keys = os.path.join(self.shared_dir, "keys")
    if not (os.path.isfile(password) and os.path.isfile(os.path.join(keys, "id_ed25519"))):
      return   # no shared lab: this lab makes the user and keys itself
    os.makedirs(os.path.join(self.dir, "keys"), mode=0o700, exist_ok=True)
    for name in os.listdir(self.shared_dir):   # password, password-labalt, ...
      if name == "password" or name.startswith("password-"):
        shutil.copyfile(os.path.join(self.shared_dir, name), os.path.join(self.dir, name))
        os.chmod(os.path.join(self.dir, name), 0o600)
    for name in os.listdir(keys):
      src = os.path.join(keys, name)
      if os.path.isfile(src):
        dst = os.path.join(self.dir, "keys", name)
        shutil.copyfile(src, dst)
        os.chmod(dst, 0o600)

  def down(self):
    if not self.started:
      return
    self.started = False
    done = self._lab("down")
    if done.returncode != 0:
      print(f"benchmark: lab.sh down failed:\n{done.stdout}")
    else:
      print(f"benchmark lab stopped ({self.dir}, port {self.port})")
    self._restore_block()

  def _restore_block(self):
    """Puts back the shared lab's /etc/hosts block, unless someone wrote a new one since."""
    if not self.saved_block or _read_block():
      return
    with open(ETC_HOSTS) as f:
      text = f.read()
    if text and not text.endswith("\n"):
      text += "\n"
    # Written in place, not replaced: /etc/hosts may be a bind mount.
    with open(ETC_HOSTS, "w") as f:
      f.write(text + self.saved_block)


def _read_block():
  """The marked lab block of /etc/hosts with its marker lines, or '' if there is none."""
  try:
    with open(ETC_HOSTS) as f:
      lines = f.read().splitlines(keepends=True)
  except OSError:
    return ""
  block, inside = [], False
  for line in lines:
    if line.rstrip("\n") == BEGIN:
      inside = True
    if inside:
      block.append(line)
    if inside and line.rstrip("\n") == END:
      return "".join(block)
  return ""
