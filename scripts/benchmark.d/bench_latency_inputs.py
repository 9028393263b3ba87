"""The latency bench's playbook, pyinfra deploy, inventories and per-module probes.

One realistic play (facts, a directory, a copied file, a template, a lineinfile edit, apt
with a package that is already installed, a service status check, a command whose output
is registered), written once as data in TASKS so the playbook and the pyinfra deploy stay
the same work. Each host works in a folder of its own ({root}/{host}), as every lab host
shares this machine's file system.
"""
import json
import os

from bench_check import pyinfra_facts_code
from bench_inputs import write

APP_PORT = 8080
TEMPLATE = "# managed by the latency bench\nname={{ app_name }}\nport={{ app_port }}\nlog_level=info\n"
MOTD = "This host is part of swiftplay's latency bench.\n" * 20

# key -> (task name, Ansible task body with {d} = the host's folder and {k} = instance,
#         pyinfra operation with the same placeholders, files the probe needs first)
TASKS = {
  "file": ("app directory",
           'file: {{path: "{d}/dir{k}", state: directory, mode: "0755"}}',
           'files.directory(name={name!r}, path=f"{d}/dir{k}", mode="755")'),
  "copy": ("motd",
           'copy: {{src: "{w}/files/motd.txt", dest: "{d}/motd{k}.txt", mode: "0644"}}',
           'files.put(name={name!r}, src="{w}/files/motd.txt", dest=f"{d}/motd{k}.txt", mode="644")'),
  "template": ("app config",
               'template: {{src: "{w}/templates/app.conf.j2", dest: "{d}/app{k}.conf", mode: "0644"}}',
               'files.template(name={name!r}, src="{w}/templates/app.conf.j2", dest=f"{d}/app{k}.conf", '
               'mode="644", app_name=host.name, app_port=' + str(APP_PORT) + ')'),
  "lineinfile": ("log level",
                 'lineinfile: {{path: "{d}/app{k}.conf", regexp: "^log_level=", line: "log_level=debug"}}',
                 'files.line(name={name!r}, path=f"{d}/app{k}.conf", line="^log_level=.*", '
                 'replace="log_level=debug")'),
  "apt": ("openssh-server present",
          "apt: {{name: openssh-server, state: present}}",
          'apt.packages(name={name!r}, packages=["openssh-server"])'),
  "service": ("services",
              "service_facts:",
              # What Ansible's service_facts runs on a host without systemd.
              'server.shell(name={name!r}, commands=["/usr/sbin/service --status-all"])'),
  "command": ("read config",
              'command: cat {d}/app{k}.conf\n      register: conf{k}\n      changed_when: false',
              'server.shell(name={name!r}, commands=[f"cat {d}/app{k}.conf"])'),
}
# The full play: every task once, in this order, after gathering facts.
ORDER = ["file", "copy", "template", "lineinfile", "apt", "service", "command"]


def write_common(w, key, known_hosts, endpoints, forks, root):
  """Inventory (endpoints: name -> (host, port)), ansible.cfg and the files tasks read."""
  os.makedirs(os.path.join(w, "files"), exist_ok=True)
  os.makedirs(os.path.join(w, "templates"), exist_ok=True)
  os.makedirs(os.path.join(w, "cp"), mode=0o700, exist_ok=True)
  write(w, "files/motd.txt", MOTD)
  write(w, "templates/app.conf.j2", TEMPLATE)
  hosts = "".join(f"{n} ansible_host={h} ansible_port={p}\n" for n, (h, p) in endpoints.items())
  write(w, "inventory", f"[bench]\n{hosts}[bench:vars]\nansible_user=lab\n"
        f"ansible_ssh_private_key_file={key}\n"
        f"ansible_ssh_common_args='-o UserKnownHostsFile={known_hosts}'\n"
        "ansible_python_interpreter=/usr/bin/python3\n"
        f"bench_root={root}\n")
  # A user who tuned Ansible: forks for every host, pipelining, ControlPersist.
  write(w, "ansible.cfg", f"[defaults]\nforks = {forks}\nretry_files_enabled = False\n"
        "[ssh_connection]\npipelining = True\n"
        "ssh_args = -o ControlMaster=auto -o ControlPersist=60s\n"
        f"control_path_dir = {w}/cp\n")
  lines = [f'    ("{n}", {json.dumps(dict(ssh_hostname=h, ssh_port=p, ssh_user="lab", ssh_key=key, ssh_known_hosts_file=known_hosts, ssh_strict_host_key_checking="yes"))}),'
           for n, (h, p) in endpoints.items()]
  write(w, "pyinfra_inventory.py", "bench = [\n" + "\n".join(lines) + "\n]\n")


def write_play(w, name, keys, root, facts, instances=1):
  """A playbook and a pyinfra deploy running the tasks `keys`, each `instances` times
  (instance k works on its own files); returns (playbook, deploy, pyinfra operation names)."""
  d = root + "/{{ inventory_hostname }}"
  tasks, ops, names = [], [], []
  for key in keys:
    title, task, op = TASKS[key]
    for k in range(1, instances + 1):
      label = title if instances == 1 else f"{title} {k}"
      tasks.append(f"    - name: {label}\n      {task.format(d=d, k=k, w=w)}\n")
      ops.append(op.format(name=label, d=f"{root}/{{host.name}}", k=k, w=w) + "\n")
      names.append(label)
  play = (f"- name: latency bench\n  hosts: bench\n  gather_facts: {str(facts).lower()}\n"
          f"  vars:\n    app_name: \"{{{{ inventory_hostname }}}}\"\n    app_port: {APP_PORT}\n"
          "  tasks:\n" + ("".join(tasks) if tasks else "    []\n"))
  if not tasks:
    play = play.replace("  tasks:\n    []\n", "  tasks: []\n")
  head = "from pyinfra import host\nfrom pyinfra.operations import apt, files, server\n\n"
  deploy = head + (pyinfra_facts_code() if facts else "") + "".join(ops)
  write(w, f"{name}.yml", play)
  write(w, f"{name}.py", deploy)
  return f"{w}/{name}.yml", f"{w}/{name}.py", names
