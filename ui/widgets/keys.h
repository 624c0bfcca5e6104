/* keys.h - one integer per key event.
 *
 * A typed character is its Unicode code point; a function key (KEY_* of
 * curses, including KEY_RESIZE) is that code with K_FN set, so the two never
 * collide (KEY_* values overlap Latin Extended code points). */
#ifndef DV_KEYS_H
#define DV_KEYS_H

#define K_FN 0x40000000
#define K_F(k) (K_FN | (k))
#define K_IS_FN(k) (((k) & K_FN) != 0)
#define K_NONE (-1) /* no key within the timeout */

#define K_ESC 27
#define K_TAB '\t'
#define K_ENTER '\n'
#define K_CTRL(c) ((c) & 0x1f)

#endif
