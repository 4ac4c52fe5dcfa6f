#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// curses.h exposes the wide-character API only with NCURSES_WIDECHAR; the Swift importer
// defines neither _XOPEN_SOURCE_EXTENDED nor _XOPEN_SOURCE>=500.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Globals are not concurrency-safe in Swift 6 mode: read them through functions.
static inline WINDOW *nc_stdscr(void) { return stdscr; }
static inline int nc_lines(void) { return LINES; }
static inline int nc_cols(void) { return COLS; }
static inline int nc_colors(void) { return COLORS; }
// wcwidth is hidden by glibc headers without _XOPEN_SOURCE: the console measures cells through this.
static inline int nc_wcwidth(wchar_t c) { return wcwidth(c); }
// Function-like and cast macros are not imported.
static inline attr_t nc_color_pair(short n) { return (attr_t)COLOR_PAIR(n); }
static inline void nc_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
static const attr_t NC_A_NORMAL    = A_NORMAL;
static const attr_t NC_A_BOLD      = A_BOLD;
static const attr_t NC_A_REVERSE   = A_REVERSE;
static const attr_t NC_A_UNDERLINE = A_UNDERLINE;
static const attr_t NC_A_DIM       = A_DIM;
// Mouse masks are NCURSES_MOUSE_MASK(...) macros: not imported.
static const mmask_t NC_BUTTON1_PRESSED = BUTTON1_PRESSED;
static const mmask_t NC_BUTTON1_CLICKED = BUTTON1_CLICKED;
static const mmask_t NC_BUTTON1_DOUBLE_CLICKED = BUTTON1_DOUBLE_CLICKED;
static const mmask_t NC_BUTTON4_PRESSED = BUTTON4_PRESSED;
static const mmask_t NC_BUTTON5_PRESSED = BUTTON5_PRESSED;
static const mmask_t NC_ALL_MOUSE_EVENTS = ALL_MOUSE_EVENTS;
#endif
