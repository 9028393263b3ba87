// The libssh2 API Swift cannot import directly: function-like macros become
// static inline functions here, with the same names prefixed `shim_`.
#ifndef SWIFTPLAY_CLIBSSH2_SHIM_H
#define SWIFTPLAY_CLIBSSH2_SHIM_H

#include <libssh2.h>
#include <libssh2_sftp.h>
#include <string.h>

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

#endif
