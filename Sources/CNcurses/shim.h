#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline int shim_lines(void) { return LINES; }
static inline int shim_cols(void) { return COLS; }
static inline int shim_colors(void) { return COLORS; }
static inline int shim_color_pairs(void) { return COLOR_PAIRS; }
static inline int shim_color_pair(int n) { return COLOR_PAIR(n); }
static inline unsigned int shim_a_bold(void) { return A_BOLD; }
static inline unsigned int shim_a_dim(void) { return A_DIM; }
static inline unsigned int shim_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int shim_a_reverse(void) { return A_REVERSE; }
static inline unsigned int shim_a_italic(void) { return A_ITALIC; }
static inline unsigned int shim_a_normal(void) { return A_NORMAL; }
static inline int shim_key_resize(void) { return KEY_RESIZE; }
static inline int shim_key_mouse(void) { return KEY_MOUSE; }
static inline int shim_err(void) { return ERR; }
static inline int shim_wcwidth(wchar_t c) { return wcwidth(c); }
/* Console terminal (GenetixConsole.NcursesTerminal). */
static inline int shim_key_code_yes(void) { return KEY_CODE_YES; }
static inline unsigned long shim_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline unsigned long shim_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline unsigned long shim_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline unsigned long shim_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int shim_get_wch(wint_t *out) { return wget_wch(stdscr, out); }
static inline int shim_set_attributes(unsigned int attrs, short pair) { return wattr_set(stdscr, (attr_t)attrs, pair, 0); }
static inline int shim_move_add_wide(int y, int x, const wchar_t *text, int n) { return mvwaddnwstr(stdscr, y, x, text, n); }
static inline int shim_keypad_on(void) { return keypad(stdscr, TRUE); }
static inline void shim_timeout(int ms) { wtimeout(stdscr, ms); }
static inline int shim_erase(void) { return werase(stdscr); }
static inline int shim_move(int y, int x) { return wmove(stdscr, y, x); }
static inline int shim_refresh(void) { return wrefresh(stdscr); }
static inline int shim_clearok(void) { return clearok(stdscr, TRUE); }
static inline int shim_mouse_event(int *y, int *x, unsigned long *state) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *y = event.y; *x = event.x; *state = (unsigned long)event.bstate;
    return OK;
}
static inline int shim_mousemask(unsigned long mask) { return (int)mousemask((mmask_t)mask, 0); }
/* Resize wake-up: ncurses notices a resize through its SIGWINCH handler, but only at its next read, and the signal
   may land on any thread. shim_wake_on_resize installs a handler that runs ncurses' own and then writes to an eventfd
   the terminal thread polls, so that thread can sleep until a key, a frame or a resize. Call it after initscr. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
/* Function-local statics: a header-only module has no translation unit of its own to define globals in. */
static inline volatile sig_atomic_t *shim_resize_wake_fd(void) { static volatile sig_atomic_t fd = -1; return &fd; }
static inline struct sigaction *shim_resize_previous(void) { static struct sigaction previous; return &previous; }
__attribute__((unused)) static void shim_resize_handler(int signal, siginfo_t *info, void *context) {
    int saved = errno;
    struct sigaction *previous = shim_resize_previous();
    if (previous->sa_flags & SA_SIGINFO) {
        if (previous->sa_sigaction) previous->sa_sigaction(signal, info, context);
    } else if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
        previous->sa_handler(signal);
    }
    int fd = *shim_resize_wake_fd();
    if (fd >= 0) {
        uint64_t one = 1;
        ssize_t ignored = write(fd, &one, sizeof one);
        (void)ignored;
    }
    errno = saved;
}
static inline int shim_wake_on_resize(int fd) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_sigaction = shim_resize_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    *shim_resize_wake_fd() = fd;
    return sigaction(SIGWINCH, &action, shim_resize_previous());
}
/* Puts ncurses' handler back and forgets the descriptor (before the caller closes it). */
static inline void shim_stop_resize_wake(void) {
    *shim_resize_wake_fd() = -1;
    sigaction(SIGWINCH, shim_resize_previous(), NULL);
}
#endif
