/*
 * The floor for scripts/benchmark: the least any SSH-based tool must do to run TASKS
 * commands on every host. One thread and one libssh2 session per host, public-key login,
 * then one channel per command, run one after the other. No host key check, no output
 * handling beyond draining the channel: whatever swiftplay does on top is its overhead.
 *
 * usage: benchmark-floor HOSTS_FILE PORT USER PRIVATE_KEY TASKS
 * prints "ran N commands" and exits 0 when every command exited 0.
 */
#include <arpa/inet.h>
#include <libssh2.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_HOSTS 256

struct job {
  char addr[64];
  int port, tasks, done;
  const char *user, *key;
};

/* Runs the commands on one host; job->done counts those that exited 0. */
static void *run_host(void *arg) {
  struct job *j = arg;
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(j->port)};
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || inet_pton(AF_INET, j->addr, &sa.sin_addr) != 1 ||
      connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    fprintf(stderr, "%s: cannot connect\n", j->addr);
    return NULL;
  }
  LIBSSH2_SESSION *s = libssh2_session_init();
  if (!s || libssh2_session_handshake(s, fd) ||
      libssh2_userauth_publickey_fromfile(s, j->user, NULL, j->key, NULL)) {
    fprintf(stderr, "%s: handshake or login failed\n", j->addr);
    close(fd);
    return NULL;
  }
  char buf[4096];
  for (int i = 0; i < j->tasks; i++) {
    LIBSSH2_CHANNEL *c = libssh2_channel_open_session(s);
    if (!c || libssh2_channel_exec(c, "/bin/true")) {
      fprintf(stderr, "%s: channel failed\n", j->addr);
      break;
    }
    while (libssh2_channel_read(c, buf, sizeof buf) > 0) {}
    libssh2_channel_close(c);
    libssh2_channel_wait_closed(c);
    if (libssh2_channel_get_exit_status(c) == 0) j->done++;
    libssh2_channel_free(c);
  }
  libssh2_session_disconnect(s, "done");
  libssh2_session_free(s);
  close(fd);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s HOSTS_FILE PORT USER PRIVATE_KEY TASKS\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 2; }
  static struct job jobs[MAX_HOSTS];
  pthread_t threads[MAX_HOSTS];
  int n = 0;
  while (n < MAX_HOSTS && fscanf(f, "%63s", jobs[n].addr) == 1) {
    jobs[n].port = atoi(argv[2]);
    jobs[n].user = argv[3];
    jobs[n].key = argv[4];
    jobs[n].tasks = atoi(argv[5]);
    n++;
  }
  fclose(f);
  if (libssh2_init(0)) return 1;
  for (int i = 0; i < n; i++) pthread_create(&threads[i], NULL, run_host, &jobs[i]);
  int total = 0, want = 0;
  for (int i = 0; i < n; i++) {
    pthread_join(threads[i], NULL);
    total += jobs[i].done;
    want += jobs[i].tasks;
  }
  libssh2_exit();
  printf("ran %d commands\n", total);
  return total == want ? 0 : 1;
}
