"""The files every tool reads: playbooks, inventories, pyinfra deploys, the become secret.

Each mode has its own playbook (ansible-playbook and swiftplay share it) and pyinfra
deploy, named in INPUTS, so a mode's argv in bench_tools.py and the files written here
cannot drift apart.
"""
import json
import os

# mode -> (playbook for ansible-playbook and swiftplay, pyinfra deploy file)
INPUTS = {
  "plain": ("playbook.yml", "pyinfra_deploy.py"),
  "become": ("playbook-become.yml", "pyinfra_deploy_become.py"),
  "check": ("become-check.yml", "pyinfra_become_check.py"),   # untimed, see the docstring
}
# The 0600 extra-vars file holding ansible_become_password, passed as `-e @file`.
BECOME_VARS = "become_vars.yml"
CHECK_TASK = "root check"
CHECK_COMMAND = 'test "$(id -u)" -eq 0'


def write_inputs(a, lab):
  """The same playbooks and inventory serve ansible-playbook and swiftplay."""
  w = a.work_dir
  os.makedirs(os.path.join(w, "logs"), exist_ok=True)
  os.makedirs(os.path.join(w, "cp"), mode=0o700, exist_ok=True)
  key, known_hosts = f"{lab.dir}/keys/id_ed25519", f"{lab.dir}/known_hosts"
  tasks = "".join(f"    - name: true {i}\n      command: /bin/true\n" for i in range(1, a.tasks + 1))
  play = "- name: benchmark\n  hosts: all\n  gather_facts: false\n"
  write(w, INPUTS["plain"][0], f"{play}  tasks:\n{tasks}")
  write(w, INPUTS["become"][0], f"{play}  become: true\n  tasks:\n{tasks}")
  write(w, INPUTS["check"][0], f"{play}  become: true\n  tasks:\n"
        f"    - name: {CHECK_TASK}\n      shell: {CHECK_COMMAND}\n")
  # The lab user's sudo asks for this password on every command (timestamp_timeout=0).
  # It reaches the tools through files only, never through their argv.
  password_file = os.path.join(lab.dir, "password")
  with open(password_file) as f:
    password = f.read().strip()
  write(w, BECOME_VARS, f"ansible_become_password: {json.dumps(password)}\n", secret=True)
  hosts = "".join(f"lab{i} ansible_host={lab.addr(i)}\n" for i in range(1, a.hosts + 1))
  write(w, "inventory", f"[bench]\n{hosts}[bench:vars]\nansible_port={a.port}\nansible_user=lab\n"
        f"ansible_ssh_private_key_file={key}\n"
        f"ansible_ssh_common_args='-o UserKnownHostsFile={known_hosts}'\n"
        "ansible_python_interpreter=/usr/bin/python3\n")
  # What a user who tuned Ansible would have: enough forks for every host, pipelining (no
  # temporary files on the target), OpenSSH's ControlMaster/ControlPersist, no compression on
  # a fast network, no interpreter discovery (the interpreter is set in the inventory).
  write(w, "ansible.cfg", f"[defaults]\nforks = {a.forks}\nretry_files_enabled = False\n"
        "[ssh_connection]\npipelining = True\n"
        "ssh_args = -o ControlMaster=auto -o ControlPersist=60s\n"
        f"control_path_dir = {w}/cp\n")
  pdata = (f'{{"ssh_hostname": "127.0.0.{{}}", "ssh_port": {a.port}, "ssh_user": "lab", '
           f'"ssh_key": "{key}", "ssh_known_hosts_file": "{known_hosts}", '
           '"ssh_strict_host_key_checking": "yes"}')
  lines = [f'    ("lab{i}", {pdata.replace("{}", str(i + 1))}),' for i in range(1, a.hosts + 1)]
  write(w, "pyinfra_inventory.py", "bench = [\n" + "\n".join(lines) + "\n]\n")
  ops = "".join(f'server.shell(name="true {i}", commands=["/bin/true"]{{}})\n'
                for i in range(1, a.tasks + 1))
  head = "from pyinfra.operations import server\n\n"
  write(w, INPUTS["plain"][1], head + ops.replace("{}", ""))
  # pyinfra's own way to a sudo password off its argv: the _sudo_password argument, here
  # read from the lab's 0600 password file when the deploy runs.
  sudo = ", _sudo=True, _sudo_password=PASSWORD"
  head += f"with open({password_file!r}) as f:\n  PASSWORD = f.read().strip()\n\n"
  write(w, INPUTS["become"][1], head + ops.replace("{}", sudo))
  write(w, INPUTS["check"][1], head +
        f"server.shell(name={CHECK_TASK!r}, commands=[{CHECK_COMMAND!r}]{sudo})\n")
  write(w, "floor_hosts", "".join(f"{lab.addr(i)}\n" for i in range(1, a.hosts + 1)))


def write(folder, name, text, secret=False):
  path = os.path.join(folder, name)
  if secret:   # made 0600 before a byte is written
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as f:
      f.write(text)
    return
  with open(path, "w") as f:
    f.write(text)
