#!/usr/bin/env bash
# SSH test lab for swiftplay: N independent OpenSSH servers on 127.0.0.2..,
# each in its own UTS namespace (so `hostname` differs per host), sharing one
# test user that logs in by key or password and may use sudo with a password.
set -euo pipefail

DIR=${SWIFTPLAY_LAB_DIR:-/tmp/swiftplay-lab}
PORT=${SWIFTPLAY_LAB_PORT:-2222}
LABUSER=${SWIFTPLAY_LAB_USER:-lab}   # a system-wide user: one lab per machine
SUDOERS=/etc/sudoers.d/swiftplay-lab
SSHD=/usr/sbin/sshd   # absolute: sshd refuses to re-exec itself otherwise
WAIT_STEPS=50         # 50 x 0.1 s: how long to wait for a start or a stop

usage() {
  cat <<EOF
usage: $0 COMMAND
  up [N]          (re)start the lab with N hosts lab1..labN (default 5)
  down            stop every sshd the lab started
  stop-host I     stop host labI (it then refuses connections)
  start-host I    start host labI again with its existing config
  status          show which hosts are running
  ns-up           start labns and labns2: two more hosts, each in a network
                  namespace of its own, at 10.231.0.2 and 10.231.1.2 (after up;
                  down stops them too)
  ns-down         stop labns and labns2 and remove their namespaces
environment: SWIFTPLAY_LAB_DIR (default /tmp/swiftplay-lab),
  SWIFTPLAY_LAB_PORT (default 2222), SWIFTPLAY_LAB_USER (default lab)
EOF
}
die() { echo "lab.sh: error: $*" >&2; exit 1; }
in_range() { [[ $1 =~ ^[0-9]{1,5}$ ]] && ((10#$1 >= $2 && 10#$1 <= $3)); }
host_addr() { echo "127.0.0.$(($1 + 1))"; }
host_dir() { echo "$DIR/hosts/lab$1"; }

# Succeeds when something accepts TCP connections on $1:$2 (bash's /dev/tcp,
# so no extra tool is needed; timeout guards against a hung connect).
# shellcheck disable=SC2016
port_open() { timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# Command line of a process with NULs as spaces; empty if gone or a zombie.
cmdline_of() { tr '\0' ' ' 2>/dev/null </proc/"$1"/cmdline || true; }

# Pid of host $1's sshd, if its pid file names a live process that really is
# an sshd using this host's config (guards against stale or reused pids).
running_pid() {
  local hdir pid
  hdir=$(host_dir "$1")
  pid=$(cat "$hdir/sshd.pid" 2>/dev/null) && [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(cmdline_of "$pid") == *sshd*" -f $hdir/sshd_config "* ]] && echo "$pid"
}

# All descendants of pid $1: the per-connection sshd processes and the user's
# commands. Found by scanning /proc, as this kernel has no task/*/children.
descendants() {
  local f line pid ppid queue=("$1")
  local -A kids=()
  for f in /proc/[0-9]*/stat; do
    { IFS= read -r line <"$f"; } 2>/dev/null || continue
    pid=${f#/proc/}; pid=${pid%/stat}
    read -r _ ppid _ <<<"${line##*) }"   # fields after "(comm)": state ppid
    kids[$ppid]+=" $pid"
  done
  while ((${#queue[@]})); do
    pid=${queue[0]}; queue=("${queue[@]:1}")
    for f in ${kids[$pid]:-}; do echo "$f"; queue+=("$f"); done
  done
}

# Runs "$@" every 0.1 s until it succeeds; fails after WAIT_STEPS tries.
wait_for() {
  local n
  for ((n = 0; n < WAIT_STEPS; n++)); do "$@" && return 0; sleep 0.1; done
  return 1
}
none_alive() { local p; for p; do [[ -z $(cmdline_of "$p") ]] || return 1; done; }
none_left() { local p; for p; do [[ ! -e /proc/$p ]] || return 1; done; }

# Stops the given hosts' sshd together with their live sessions, so a host
# looks really down (a client's ControlPersist connection would survive
# otherwise). All are signalled first, so stopping many waits only once.
stop_hosts() {
  local i pid pids=() names=()
  for i; do
    pid=$(running_pid "$i") || continue
    mapfile -t -O "${#pids[@]}" pids < <(echo "$pid"; descendants "$pid")
    names+=("lab$i (pid $pid)")
  done
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    if ! wait_for none_alive "${pids[@]}"; then
      kill -KILL "${pids[@]}" 2>/dev/null || true
      wait_for none_alive "${pids[@]}" || die "sshd processes did not exit: ${pids[*]}"
    fi
    # PID 1 on these machines reaps orphans lazily (about 1 s); wait for it,
    # best effort, so that pgrep right after a stop shows no zombie sshd.
    wait_for none_left "${pids[@]}" || true
    printf 'stopped %s\n' "${names[@]}"
  fi
  for i; do rm -f "$(host_dir "$i")/sshd.pid"; done
}

# Indices of the hosts that have a directory, i.e. that `up` configured.
all_hosts() {
  local d
  for d in "$DIR"/hosts/lab*; do [[ -d $d ]] && echo "${d##*/lab}"; done | sort -n
}
stop_all() {
  local hosts
  mapfile -t hosts < <(all_hosts)
  ((${#hosts[@]} == 0)) || stop_hosts "${hosts[@]}"
}

host_ready() { [[ -s $(host_dir "$1")/sshd.pid ]] && port_open "$(host_addr "$1")" "$PORT"; }

start_host() {
  local i=$1 name=lab$1 addr hdir pid
  addr=$(host_addr "$i"); hdir=$(host_dir "$i")
  [[ -f $hdir/sshd_config ]] || die "$name has no config in $hdir; run '$0 up' first"
  if pid=$(running_pid "$i"); then echo "$name: already running (pid $pid)"; return; fi
  port_open "$addr" "$PORT" && die "$addr:$PORT is already in use by another process"
  install -d -m 0755 /run/sshd   # sshd's privilege separation directory
  "$SSHD" -t -f "$hdir/sshd_config" || die "sshd rejects $hdir/sshd_config"
  rm -f "$hdir/sshd.pid"
  # A new UTS namespace gives each host its own hostname; sshd then
  # daemonizes itself (the namespace goes with it) and writes its pid file.
  # shellcheck disable=SC2016
  unshare --uts sh -c 'hostname "$1" && exec "$2" -f "$3" -E "$4"' \
    sh "$name" "$SSHD" "$hdir/sshd_config" "$hdir/sshd.log" ||
    die "$name: could not start sshd (see $hdir/sshd.log)"
  if ! wait_for host_ready "$i"; then
    echo "lab.sh: error: $name did not come up on $addr:$PORT; end of $hdir/sshd.log:" >&2
    tail -n 20 "$hdir/sshd.log" >&2 || true
    exit 1
  fi
  echo "$name: running on $addr:$PORT (pid $(<"$hdir/sshd.pid"))"
}

# CI runs on fresh machines, so install what is missing (and only then).
ensure_packages() {
  [[ -x $SSHD && -x /usr/bin/sudo && -x /usr/sbin/visudo ]] && return 0
  echo "installing openssh-server and sudo..."
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y openssh-server sudo
}

random_secret() { head -c 24 /dev/urandom | base64 -w0 | tr -d '+/='; }

# Users beside $LABUSER, each showing one way a real host's sudo is set up (sudo rules
# are per user rather than per host, so the benchmark's lab, which shares the user
# database and names its hosts alike, is not affected):
#   ${LABUSER}alt   sudo with a password of its own (nodes with different passwords)
#   ${LABUSER}nopw  NOPASSWD sudo
#   ${LABUSER}tty   sudo with a password and `requiretty`
#   ${LABUSER}su    no sudo and no SSH login: a target for `su`, with its own password
LOGIN_VARIANTS="alt nopw tty"
SU_VARIANT=su
login_users() { echo "$LABUSER"; for v in $LOGIN_VARIANTS; do echo "$LABUSER$v"; done; }

# A user with a password (random, made once, in $DIR/password or $DIR/password-USER).
ensure_account() {
  local user=$1 file=$2
  id "$user" >/dev/null 2>&1 || useradd -m -d "/home/$user" -s /bin/bash "$user"
  # printf is a builtin and chpasswd reads stdin: the password is in no argv.
  [[ -s $file ]] || printf '%s' "$(random_secret)" >"$file"
  chmod 0600 "$file"
  chpasswd <<<"$user:$(<"$file")"
}

# The test users, their passwords and their sudo rules.
ensure_user() {
  local tmp v
  ensure_account "$LABUSER" "$DIR/password"
  for v in $LOGIN_VARIANTS $SU_VARIANT; do ensure_account "$LABUSER$v" "$DIR/password-$LABUSER$v"; done
  # Real sudo must ask for the password every time, with no one-time lecture
  # that would get in the way of a client's prompt detection.
  tmp=$(mktemp)
  {
    for v in "" alt nopw tty; do
      printf 'Defaults:%s lecture=never, timestamp_timeout=0\n' "$LABUSER$v"
    done
    printf 'Defaults:%s requiretty\n' "${LABUSER}tty"
    printf '%s ALL=(ALL:ALL) ALL\n' "$LABUSER" "${LABUSER}alt" "${LABUSER}tty"
    printf '%s ALL=(ALL:ALL) NOPASSWD: ALL\n' "${LABUSER}nopw"
  } >"$tmp"
  visudo -qcf "$tmp" || { rm -f "$tmp"; die "generated sudoers rule is invalid"; }
  install -m 0440 -o root -g root "$tmp" "$SUDOERS"
  rm -f "$tmp"
}

# Client keys (root-owned, made once) and the user's authorized_keys.
ensure_keys() {
  local k=$DIR/keys ssh t user
  install -d -m 0700 "$k"
  # RSA keys come out in OpenSSH format: ssh-keygen's default since 7.8.
  for t in ed25519:256 ecdsa:256 rsa:3072; do
    [[ -f $k/id_${t%:*} ]] ||
      ssh-keygen -q -t "${t%:*}" -b "${t#*:}" -N '' -C "lab-${t%:*}" -f "$k/id_${t%:*}"
  done
  if [[ ! -f $k/id_ed25519_pass ]]; then
    printf '%s' "$(random_secret)" >"$k/passphrase"
    chmod 0600 "$k/passphrase"
    # ssh-keygen only takes a new passphrase via -N, so it is briefly visible
    # in ps; acceptable for a throwaway lab key on a test machine.
    ssh-keygen -q -t ed25519 -N "$(<"$k/passphrase")" -C lab-ed25519-pass -f "$k/id_ed25519_pass"
  fi
  for user in $(login_users); do
    ssh=/home/$user/.ssh
    install -d -m 0700 -o "$user" -g "$user" "$ssh"
    cat "$k"/id_{ed25519,ecdsa,rsa,ed25519_pass}.pub >"$ssh/authorized_keys"
    chown "$user:$user" "$ssh/authorized_keys"
    chmod 0600 "$ssh/authorized_keys"
  done
}

# Host keys (made once) and sshd_config (rewritten, so PORT/USER changes apply).
configure_host() {
  local i=$1 hdir t
  hdir=$(host_dir "$i")
  install -d -m 0700 "$hdir"
  for t in ed25519 ecdsa rsa; do
    [[ -f $hdir/ssh_host_${t}_key ]] ||
      ssh-keygen -q -t "$t" -N '' -C "lab$i" -f "$hdir/ssh_host_${t}_key"
  done
  # Default algorithms on purpose: OpenSSH 9.2 refuses SHA-1 "ssh-rsa"
  # signatures, and the tests rely on that. No motd to pollute pty output.
  # DEBUG1 logs the client's keepalive requests, which a test looks for.
  cat >"$hdir/sshd_config" <<EOF
ListenAddress $(host_addr "$i"):$PORT
HostKey $hdir/ssh_host_ed25519_key
HostKey $hdir/ssh_host_ecdsa_key
HostKey $hdir/ssh_host_rsa_key
PidFile $hdir/sshd.pid
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM no
PermitRootLogin no
AllowUsers $(login_users | tr '\n' ' ')
StrictModes yes
MaxStartups 200:30:400
MaxSessions 100
LogLevel DEBUG1
PrintMotd no
Subsystem sftp internal-sftp
EOF
}

# sudo resolves the machine's own hostname and warns on stderr when it cannot
# ("unable to resolve host lab1"), which would pollute every become; so the
# lab names go into a marked block of /etc/hosts (rewritten in place, as it
# may be a bind mount). With no argument the block is only removed.
set_etc_hosts() {
  local n=${1:-0} i body
  body=$(sed '/^# swiftplay-lab begin$/,/^# swiftplay-lab end$/d' /etc/hosts)
  {
    printf '%s\n' "$body"
    ((n == 0)) || echo "# swiftplay-lab begin"
    for ((i = 1; i <= n; i++)); do echo "$(host_addr "$i") lab$i"; done
    ((n == 0)) || echo "# swiftplay-lab end"
  } >/etc/hosts
}

write_client_files() {
  local n=$1 i pat t key _
  for ((i = 1; i <= n; i++)); do
    pat=$(host_addr "$i")
    [[ $PORT == 22 ]] || pat="[$pat]:$PORT"   # ssh's spelling of a non-22 port
    for t in ed25519 ecdsa rsa; do
      read -r t key _ <"$(host_dir "$i")/ssh_host_${t}_key.pub"
      echo "$pat $t $key"
    done
  done >"$DIR/known_hosts"
  {
    echo "[lab]"
    for ((i = 1; i <= n; i++)); do echo "lab$i ansible_host=$(host_addr "$i")"; done
    cat <<EOF
[lab:vars]
ansible_port=$PORT
ansible_user=$LABUSER
ansible_ssh_private_key_file=$DIR/keys/id_ed25519
ansible_ssh_common_args='-o UserKnownHostsFile=$DIR/known_hosts'
EOF
  } >"$DIR/inventory"
}

cmd_up() {
  local n=$1 i
  in_range "$n" 1 254 || die "N must be a number from 1 to 254, got '$n'"
  n=$((10#$n))
  ensure_packages
  stop_all
  install -d -m 0700 "$DIR" "$DIR/hosts"
  for i in $(all_hosts); do   # drop hosts left over from a larger lab
    ((i <= n)) || rm -rf "$(host_dir "$i")"
  done
  ensure_user
  ensure_keys
  for ((i = 1; i <= n; i++)); do configure_host "$i"; done
  write_client_files "$n"
  set_etc_hosts "$n"
  for ((i = 1; i <= n; i++)); do start_host "$i"; done
  echo "lab is up: lab1..lab$n on 127.0.0.2..$(host_addr "$n") port $PORT, user $LABUSER"
  echo "inventory: $DIR/inventory   known_hosts: $DIR/known_hosts   keys: $DIR/keys/"
}

# The namespaced hosts `labns` and `labns2`: an sshd in a network namespace of its own
# (and a UTS namespace: hostname labns/labns2), reached over a veth pair. Per-namespace
# kernel settings (net.*) can be changed there without touching this machine's own.
# Only the test lab makes them: another lab (the benchmark's) never does.
NS_COUNT=2
# Selects namespaced host $1 (1 or 2): its name, namespace, addresses, veth pair, folder.
ns_select() {
  local i=$1
  NS_NAME=labns$([[ $i == 1 ]] || echo "$i")
  NS=swiftplay-$NS_NAME
  NS_ADDR=10.231.$((i - 1)).2
  NS_PEER=10.231.$((i - 1)).1
  NS_VETH=splab$((2 * (i - 1)))
  NS_VETH_PEER=splab$((2 * (i - 1) + 1))
  NS_DIR=$DIR/ns$([[ $i == 1 ]] || echo "$i")
}

ns_running_pid() {
  local pid
  pid=$(cat "$NS_DIR/sshd.pid" 2>/dev/null) && [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(cmdline_of "$pid") == *sshd*" -f $NS_DIR/sshd_config "* ]] && echo "$pid"
}

# The host's keys in known_hosts and its name in /etc/hosts (sudo resolves it).
ns_client_files() {
  local t key _
  for t in ed25519 ecdsa rsa; do
    read -r t key _ <"$NS_DIR/ssh_host_${t}_key.pub"
    grep -qF "$key" "$DIR/known_hosts" || echo "[$NS_ADDR]:$PORT $t $key" >>"$DIR/known_hosts"
  done
  grep -q " $NS_NAME$" /etc/hosts || echo "$NS_ADDR $NS_NAME" >>/etc/hosts
}

ns_up() {
  local d t
  d=$NS_DIR
  # `up` rewrites known_hosts, so the host's keys are added again even when it runs.
  if ns_running_pid >/dev/null; then ns_client_files; echo "$NS_NAME: already running"; return; fi
  ip netns list | grep -qw "$NS" || ip netns add "$NS"
  if ! ip link show "$NS_VETH" >/dev/null 2>&1; then
    ip link add "$NS_VETH" type veth peer name "$NS_VETH_PEER"
    ip link set "$NS_VETH_PEER" netns "$NS"
    ip addr add "$NS_PEER/30" dev "$NS_VETH"
    ip link set "$NS_VETH" up
    ip netns exec "$NS" ip addr add "$NS_ADDR/30" dev "$NS_VETH_PEER"
    ip netns exec "$NS" ip link set "$NS_VETH_PEER" up
    ip netns exec "$NS" ip link set lo up
    # A default route, as a server has one: facts then name its default IPv4 address.
    # This machine forwards nothing, so the host stays off the internet; its name servers
    # are refused outright, so a tool that tries (apt) fails at once, not after timeouts.
    ip netns exec "$NS" ip route add default via "$NS_PEER"
    for server in $(awk '$1 == "nameserver" && $2 ~ /^[0-9.]+$/ { print $2 }' /etc/resolv.conf); do
      ip netns exec "$NS" ip route add prohibit "$server/32"
    done
  fi
  install -d -m 0700 "$d"
  for t in ed25519 ecdsa rsa; do
    [[ -f $d/ssh_host_${t}_key ]] || ssh-keygen -q -t "$t" -N '' -C "$NS_NAME" -f "$d/ssh_host_${t}_key"
  done
  sed -e "s|^ListenAddress .*|ListenAddress $NS_ADDR:$PORT|" -e "s|$(host_dir 1)|$d|g" \
    "$(host_dir 1)/sshd_config" >"$d/sshd_config"
  "$SSHD" -t -f "$d/sshd_config" || die "sshd rejects $d/sshd_config"
  # shellcheck disable=SC2016
  ip netns exec "$NS" unshare --uts sh -c 'hostname "$4" && exec "$1" -f "$2" -E "$3"' \
    sh "$SSHD" "$d/sshd_config" "$d/sshd.log" "$NS_NAME" || die "$NS_NAME: could not start sshd (see $d/sshd.log)"
  wait_for port_open "$NS_ADDR" "$PORT" || die "$NS_NAME did not come up on $NS_ADDR:$PORT"
  ns_client_files
  echo "$NS_NAME: running on $NS_ADDR:$PORT in network namespace $NS (pid $(<"$d/sshd.pid"))"
}

ns_down() {
  local pid body pids
  [[ -d $NS_DIR ]] || return 0   # this lab never started it
  if pid=$(ns_running_pid); then
    mapfile -t pids < <(echo "$pid"; descendants "$pid")
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait_for none_alive "${pids[@]}" || kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
  rm -f "$NS_DIR/sshd.pid"
  ip netns list | grep -qw "$NS" && ip netns del "$NS"   # takes the veth pair with it
  body=$(grep -v " $NS_NAME$" /etc/hosts)
  printf '%s\n' "$body" >/etc/hosts
  return 0
}

cmd_ns_up() {
  local i
  [[ -f $DIR/inventory ]] || die "run '$0 up' first: the namespaced hosts share its users and keys"
  for ((i = 1; i <= NS_COUNT; i++)); do ns_select "$i"; ns_up; done
}

cmd_ns_down() {
  local i
  for ((i = 1; i <= NS_COUNT; i++)); do ns_select "$i"; ns_down; done
}

cmd_status() {
  local i pid state
  [[ -n $(all_hosts) ]] || { echo "no lab in $DIR"; return 0; }
  for i in $(all_hosts); do
    if pid=$(running_pid "$i"); then state="running (pid $pid)"; else state=stopped; fi
    echo "lab$i $(host_addr "$i"):$PORT $state"
  done
}

host_arg() {   # validates the I of stop-host/start-host
  [[ $2 =~ ^[1-9][0-9]*$ ]] || die "expected a host number, e.g. '$0 $1 3'"
  [[ -d $(host_dir "$2") ]] || die "no host lab$2 in $DIR/hosts (run '$0 up' first)"
}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
case $1 in -h | --help | help) usage; exit 0 ;; esac
[[ $EUID -eq 0 ]] || die "must run as root (it starts sshd and manages user '$LABUSER')"
[[ $DIR == /* && $DIR != *[[:space:]]* ]] || die "SWIFTPLAY_LAB_DIR must be an absolute path without spaces"
in_range "$PORT" 1 65535 || die "bad SWIFTPLAY_LAB_PORT '$PORT'"
umask 077
case $1 in
  up) (($# <= 2)) || die "up takes at most one argument"; cmd_up "${2:-5}" ;;
  down) cmd_ns_down; stop_all; set_etc_hosts; echo "lab is down" ;;
  ns-up) cmd_ns_up ;;
  ns-down) cmd_ns_down; echo "labns and labns2 are down" ;;
  stop-host) host_arg "$1" "${2:-}"; stop_hosts "$2" ;;
  start-host) host_arg "$1" "${2:-}"; start_host "$2" ;;
  status) cmd_status ;;
  *) usage >&2; die "unknown command '$1'" ;;
esac
