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
#endif
