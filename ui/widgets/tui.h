/* tui.h - drawing helpers for ncursesw: colour roles (monochrome and
 * NO_COLOR fall back to attributes), and width-aware text output. */
#ifndef DV_TUI_H
#define DV_TUI_H

#include <ncursesw/curses.h>
#include <stdbool.h>

enum tui_role {
    TR_NORMAL,
    TR_BAR,      /* top module bar */
    TR_BAR_SEL,  /* current module */
    TR_TITLE,    /* page and dialog titles */
    TR_HEADER,   /* table header */
    TR_SEL,      /* selected row, focused item */
    TR_SEL_DIM,  /* selected row while the focus is elsewhere */
    TR_DIM,      /* disabled action, hints */
    TR_KEY,      /* hotkey letters and key names */
    TR_ERROR,
    TR_OK,
    TR_FIELD,    /* an input field */
    TR_FIELD_FOCUS,
    TR_BORDER,
    TR_COUNT
};

/* Start curses (locale already set): colours unless NO_COLOR is set or the
 * terminal has none. */
void tui_start(void);
void tui_stop(void);
bool tui_has_color(void);

attr_t tui_attr(enum tui_role role);

/* Print s at (y, x) in at most w cells; returns the cells used. */
int tui_put(WINDOW *win, int y, int x, int w, const char *s);
/* Print s in exactly w cells: cut with an ellipsis, or padded with blanks;
 * align 0 left, 1 right, 2 centre. */
void tui_put_cell(WINDOW *win, int y, int x, int w, const char *s, int align);
/* Put s wrapped into w cells over at most h lines from (y, x); a text that
 * needs more lines ends its last one with "…".  Returns the lines used. */
int tui_put_wrapped(WINDOW *win, int y, int x, int w, int h, const char *s);
/* Fill w cells at (y, x) with blanks in the window's current attributes. */
void tui_blank(WINDOW *win, int y, int x, int w);
/* A box with a title on its top border. */
void tui_frame(WINDOW *win, const char *title);

#endif
