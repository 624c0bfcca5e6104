# ui/widgets/local.mk - the console's engines: colour roles and width-aware
# drawing, forms, dialogs, the list page, the form page, charts, progress
ui_dosvm_SOURCES += \
	ui/widgets/keys.h \
	ui/widgets/tui.h ui/widgets/tui.c \
	ui/widgets/form.h ui/widgets/form.c \
	ui/widgets/dialog.h ui/widgets/dialog.c \
	ui/widgets/action.h ui/widgets/action.c \
	ui/widgets/list.h ui/widgets/list.c \
	ui/widgets/formpage.h ui/widgets/formpage.c \
	ui/widgets/chart.h ui/widgets/chart.c \
	ui/widgets/progress.h ui/widgets/progress.c
