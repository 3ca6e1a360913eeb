#ifndef CSYSTEM_H
#define CSYSTEM_H
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/signalfd.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>

/// accept4 with no peer address; the transparent-union argument does not import into Swift.
int csystem_accept4(int fd, struct sockaddr_storage *addr, socklen_t *len);
/// The calling thread's errno.
int csystem_errno(void);
/// Blocks or unblocks `signo` for the calling thread.
int csystem_block_signal(int signo, int block);
/// Makes the calling process die with SIGTERM when its parent dies (for supervised children).
int csystem_die_with_parent(void);
/// Names the calling thread as top -H, ps -L and /proc/PID/task/TID/comm show it (the kernel keeps 15 bytes).
int csystem_set_thread_name(const char *name);
/// The calling thread's name into `out` (at least 16 bytes).
int csystem_thread_name(char *out, size_t size);
/// Builds an epoll_event; the struct is packed on x86_64 and awkward from Swift.
int csystem_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// Waits for events; writes up to `max` (events, data) pairs.
int csystem_epoll_wait(int epfd, uint32_t *events, uint64_t *data, int max, int timeout_ms);
/// Spawns `path` with argv/envp in a new child; stdout/stderr redirected to the given fds (or -1 to inherit).
/// Returns the pid or -errno. uid/gid >= 0 switch user in the child. `die_with_parent`: 0 no parent-death signal,
/// 1 SIGTERM, any other value that signal (PR_SET_PDEATHSIG: sent when the *thread* that forked exits).
int csystem_spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd, int stdout_fd, int stderr_fd,
                  int uid, int gid, int new_process_group, int die_with_parent, const char *cwd);
/// Installs a handler for `signals` that writes each signal number as one byte to a pipe; returns the pipe's read end
/// (the same pipe on every call). Async-signal-safe, works whichever thread the kernel picks.
int csystem_watch_signals(const int *signals, int count);
/// Tunes glibc malloc for a small long-running process: at most `arenas` arenas (M_ARENA_MAX), and blocks of
/// `mmap_threshold` bytes or more always mapped on their own and unmapped when freed (M_MMAP_THRESHOLD, which also
/// stops glibc from raising that threshold after each free). Returns 1 on success.
int csystem_tune_malloc(int arenas, int mmap_threshold);
/// Returns freed heap memory to the kernel (malloc_trim(0)); 1 when some was released.
int csystem_release_free_memory(void);
#endif
