#define _GNU_SOURCE
#include "csystem.h"
#include <stdlib.h>
#include <malloc.h>
#include <string.h>
#include <grp.h>

int csystem_accept4(int fd, struct sockaddr_storage *addr, socklen_t *len) {
    return accept4(fd, (struct sockaddr *)addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int csystem_errno(void) { return errno; }

int csystem_block_signal(int signo, int block) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    return pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

int csystem_die_with_parent(void) { return prctl(PR_SET_PDEATHSIG, SIGTERM); }

int csystem_set_thread_name(const char *name) { return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0); }

int csystem_thread_name(char *out, size_t size) {
    if (size < 16) return -1;
    return prctl(PR_GET_NAME, (unsigned long)out, 0, 0, 0);
}

int csystem_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int csystem_epoll_wait(int epfd, uint32_t *events, uint64_t *data, int max, int timeout_ms) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    int n = epoll_wait(epfd, evs, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        events[i] = evs[i].events;
        data[i] = evs[i].data.u64;
    }
    return n;
}

int csystem_spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd, int stdout_fd, int stderr_fd,
                  int uid, int gid, int new_process_group, int die_with_parent, const char *cwd) {
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) return -errno;
    if (pid == 0) {
        sigset_t all;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        for (int s = 1; s < 32; s++) { if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_DFL); }
        if (new_process_group) setpgid(0, 0);
        if (stdin_fd >= 0) dup2(stdin_fd, 0);
        else { int devnull = open("/dev/null", O_RDONLY); if (devnull >= 0) { dup2(devnull, 0); close(devnull); } }
        if (stdout_fd >= 0) dup2(stdout_fd, 1);
        if (stderr_fd >= 0) dup2(stderr_fd, 2);
        /* close everything else */
        for (int fd = 3; fd < 1024; fd++) close(fd);
        if (gid >= 0) { setgroups(0, NULL); if (setgid((gid_t)gid) != 0) _exit(126); }
        if (uid >= 0) { if (setuid((uid_t)uid) != 0) _exit(126); }
        /* After the user switch: a change of credentials clears the parent-death signal (prctl(2)). */
        if (die_with_parent) {
            prctl(PR_SET_PDEATHSIG, die_with_parent > 1 ? die_with_parent : SIGTERM);
            if (getppid() != parent) _exit(127);
        }
        if (cwd && chdir(cwd) != 0) _exit(126);
        execve(path, argv, envp);
        _exit(127);
    }
    return pid;
}

static int termination_pipe_write = -1;

static void csystem_termination_handler(int signo) {
    unsigned char b = (unsigned char)signo;
    if (termination_pipe_write >= 0) {
        ssize_t r = write(termination_pipe_write, &b, 1);
        (void)r;
    }
}

int csystem_watch_signals(const int *signals, int count) {
    static int read_end = -1;
    if (read_end < 0) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) return -1;
        read_end = fds[0];
        termination_pipe_write = fds[1];
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = csystem_termination_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int i = 0; i < count; i++) {
        if (sigaction(signals[i], &sa, NULL) != 0) return -1;
    }
    return read_end;
}

int csystem_tune_malloc(int arenas, int mmap_threshold) {
    return mallopt(M_ARENA_MAX, arenas) && mallopt(M_MMAP_THRESHOLD, mmap_threshold);
}

int csystem_release_free_memory(void) {
    return malloc_trim(0);
}
