/* scr_hostdetail.h - 详细信息: one host's static information and live charts of
 * its dynamic metrics (M6.2.2.2a), refreshed at an interval the user sets
 * (设置刷新时间, M6.2.2.2b, OP-18). */
#ifndef DV_HOSTDETAIL_H
#define DV_HOSTDETAIL_H

#include "app.h"

#define HOSTDETAIL_MIN_INTERVAL     5    /* seconds (OP-18) */
#define HOSTDETAIL_MAX_INTERVAL     3600 /* past the longest collection interval */
#define HOSTDETAIL_DEFAULT_INTERVAL 5    /* per view, not stored (OP-18) */

/* Show host host_id in a modal view over the screen above the status line
 * until Esc, q (outside the interval field) or F10; the status line and key
 * bar stay visible.  Top: the refresh-interval field and its Set button
 * (Enter on either sets; a whole number of 5-3600 s takes effect at once
 * with "Set successfully." in the status line, anything else is refused
 * with a message naming the field and the rule, the interval unchanged).
 * Then the static information, a legend of the four charts CPU, MEMORY,
 * DISK and NET, and the charts in a 2 x 2 grid (stacked when narrow).
 * "Loading..." stands for the charts until the host has a sample: a metric
 * available, or the host stopped.  Every interval the host is read again
 * with host_get and its current metrics pushed to the charts (an
 * unavailable metric is a gap).  Tab and Shift-Tab move between the field,
 * the button and the charts; 1-4 (outside the field), or Left/Right and
 * Space on the charts, show and hide a chart; F5 refreshes at once.  A host
 * that cannot be read is reported in the status line. */
void hostdetail_run(struct app *app, int64_t host_id);

#endif
