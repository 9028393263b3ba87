// The libssh2 API Swift cannot import directly: function-like macros become
// static inline functions here, with the same names prefixed `shim_`.
#ifndef SWIFTPLAY_CLIBSSH2_SHIM_H
#define SWIFTPLAY_CLIBSSH2_SHIM_H

#include <libssh2.h>
#include <libssh2_sftp.h>
#include <string.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>

static inline LIBSSH2_SESSION *shim_session_init(void) {
  return libssh2_session_init_ex(NULL, NULL, NULL, NULL);
}

static inline int shim_session_disconnect(LIBSSH2_SESSION *s, const char *why) {
  return libssh2_session_disconnect_ex(s, SSH_DISCONNECT_BY_APPLICATION, why, "");
}

static inline int shim_userauth_password(LIBSSH2_SESSION *s, const char *user,
                                         unsigned int user_len, const char *password,
                                         unsigned int password_len) {
  return libssh2_userauth_password_ex(s, user, user_len, password, password_len, NULL);
}

static inline LIBSSH2_CHANNEL *shim_channel_open_session(LIBSSH2_SESSION *s) {
  return libssh2_channel_open_ex(s, "session", sizeof("session") - 1,
                                 LIBSSH2_CHANNEL_WINDOW_DEFAULT,
                                 LIBSSH2_CHANNEL_PACKET_DEFAULT, NULL, 0);
}

static inline int shim_channel_exec(LIBSSH2_CHANNEL *c, const char *command,
                                    unsigned int command_len) {
  return libssh2_channel_process_startup(c, "exec", sizeof("exec") - 1, command, command_len);
}

static inline ssize_t shim_channel_read(LIBSSH2_CHANNEL *c, int stream, char *buf, size_t len) {
  return libssh2_channel_read_ex(c, stream, buf, len);
}

static inline ssize_t shim_channel_write(LIBSSH2_CHANNEL *c, const char *buf, size_t len) {
  return libssh2_channel_write_ex(c, 0, buf, len);
}

static inline LIBSSH2_SFTP_HANDLE *shim_sftp_open(LIBSSH2_SFTP *sftp, const char *path,
                                                  unsigned int path_len, unsigned long flags,
                                                  long mode) {
  return libssh2_sftp_open_ex(sftp, path, path_len, flags, mode, LIBSSH2_SFTP_OPENFILE);
}

static inline int shim_sftp_unlink(LIBSSH2_SFTP *sftp, const char *path, unsigned int path_len) {
  return libssh2_sftp_unlink_ex(sftp, path, path_len);
}

static inline int shim_sftp_fchmod(LIBSSH2_SFTP_HANDLE *h, unsigned long mode) {
  LIBSSH2_SFTP_ATTRIBUTES attrs;
  memset(&attrs, 0, sizeof(attrs));
  attrs.flags = LIBSSH2_SFTP_ATTR_PERMISSIONS;
  attrs.permissions = mode;
  return libssh2_sftp_fstat_ex(h, &attrs, 1);
}

static inline int shim_sftp_close(LIBSSH2_SFTP_HANDLE *h) {
  return libssh2_sftp_close_handle(h);
}

// A 64-bit counter of Linux's struct tcp_info (Linux 4.1+) for TCP socket `fd`, or -1 when
// the kernel does not report it. The struct is read as bytes at the kernel ABI's fixed
// offsets: glibc's <netinet/tcp.h> lacks these fields, and <linux/tcp.h> clashes with it.
static inline long long shim_tcp_info_counter(int fd, size_t offset) {
  unsigned char info[256];
  socklen_t length = sizeof info;
  memset(info, 0, sizeof info);
  if (getsockopt(fd, IPPROTO_TCP, 11 /* TCP_INFO */, info, &length) != 0 || length < offset + 8) return -1;
  uint64_t value;
  memcpy(&value, info + offset, sizeof value);
  return (long long)value;
}

// tcpi_bytes_received: payload bytes received from the peer.
static inline long long shim_tcp_bytes_received(int fd) { return shim_tcp_info_counter(fd, 128); }

// tcpi_bytes_acked: payload bytes of ours the peer acknowledged.
static inline long long shim_tcp_bytes_acked(int fd) { return shim_tcp_info_counter(fd, 120); }

#endif
