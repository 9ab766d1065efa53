/* tui_term.c - set up the terminal for curses, and put it back on every
 * way out: a normal end, exit() from anywhere (atexit), and a crash
 * (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL), where only async-signal-safe
 * calls are allowed: the restore sequences are looked up in advance.
 */
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <pthread.h>
#include <unistd.h>

#include "tui_int.h"

static SCREEN *screen;
static volatile sig_atomic_t active;
static struct termios saved_tio;
static bool have_tio;
static char restore_seq[256];
static size_t restore_len;
static bool atexit_done;
static char altstack[65536];
static int tty_fd = -1;       /* the terminal, for the crash handler */
static int null_fd = -1;      /* /dev/null, put under stdout on a crash */

/* Signals that end the process with a core: restore the terminal first.
 * SIGQUIT is Ctrl-\ in the checklist (cbreak mode keeps it a signal). */
static const int crash_signals[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT, SIGTRAP, SIGSYS, SIGXCPU, SIGXFSZ
};

/* Append a terminfo capability to the restore sequence. */
static void restore_add(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

/* Put the terminal back from a signal handler (async-signal-safe). The UI
 * thread may be painting a frame (ncurses writes it a line at a time):
 * its stdout becomes /dev/null first, so no line of that frame lands on
 * the restored screen after the restore sequence. */
void tui_term_emergency(void)
{
	int out = STDOUT_FILENO;
	ssize_t w;

	if (!active)
		return;
	active = 0;
	if (tty_fd >= 0 && null_fd >= 0 && dup2(null_fd, STDOUT_FILENO) >= 0)
		out = tty_fd;
	w = write(out, restore_seq, restore_len);
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	w = write(out, "\r\n", 2);
	(void)w;
}

/* Close the crash handler's descriptors. */
static void emergency_fds_close(void)
{
	if (tty_fd >= 0)
		close(tty_fd);
	if (null_fd >= 0)
		close(null_fd);
	tty_fd = null_fd = -1;
}

/* Crash: restore the terminal, then die of the same signal. */
static void on_crash(int sig)
{
	static const char msg[] = "posdoctor: crashed; the terminal was restored\n";
	ssize_t w;

	tui_term_emergency();
	w = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)w;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* exit() called from anywhere while curses is active. */
static void on_exit_restore(void)
{
	if (active) {
		endwin();
		active = 0;
	}
}

/* Whether the locale's character set is UTF-8. */
static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* The environment asks for UTF-8 (LANG=zh_CN.UTF-8) but that locale is not
 * installed: C.UTF-8 still gives UTF-8 and wcwidth. */
static void locale_fallback(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	if (locale_is_utf8())
		return;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v) {
			if (strcasestr(v, "utf-8") || strcasestr(v, "utf8"))
				setlocale(LC_CTYPE, "C.UTF-8");
			return;
		}
	}
}

/* Check the terminal and enter curses mode; -1 with a reason in err. */
int tui_term_start(struct tui *t, char *err, size_t errlen)
{
	const char *term = getenv("TERM");
	struct sigaction sa;
	stack_t ss;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the full-screen checklist needs a terminal");
		return -1;
	}
	if (!term || !*term || strcmp(term, "dumb") == 0) {
		snprintf(err, errlen, "TERM is %s: the full-screen checklist needs a real terminal",
			 term && *term ? term : "not set");
		return -1;
	}
	/* Look the type up first: a failed newterm() leaks its pre-screen. */
	{
		int terr = 0;

		if (setupterm(term, STDOUT_FILENO, &terr) != OK) {
			snprintf(err, errlen, "cannot use the terminal type '%s'", term);
			return -1;
		}
		del_curterm(cur_term);
	}
	locale_fallback();
	t->ascii = !locale_is_utf8();
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = true;
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		snprintf(err, errlen, "cannot use the terminal type '%s'", term);
		return -1;
	}
	set_term(screen);
	restore_len = 0;
	restore_add("sgr0");
	restore_add("cnorm");
	restore_add("rmkx");
	restore_add("rmcup");
	/* Mouse: xterm-style reports only. On the Linux console ncurses would
	 * load libgpm, which prints to the screen when gpm is not running
	 * (and leaks); the console keeps to the keyboard. */
	t->mouse = !t->kiosk && strncmp(term, "linux", 5) != 0 &&
		   tigetstr("kmous") && tigetstr("kmous") != (char *)-1;
	if (t->mouse) {
		static const char mouse_off[] = "\033[?1000l\033[?1006l";

		if (restore_len + sizeof(mouse_off) < sizeof(restore_seq)) {
			memcpy(restore_seq + restore_len, mouse_off, sizeof(mouse_off) - 1);
			restore_len += sizeof(mouse_off) - 1;
		}
	}
	emergency_fds_close();
	tty_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	active = 1;
	if (!atexit_done && atexit(on_exit_restore) == 0)
		atexit_done = true;

	/* Crash handlers run on their own stack (a stack overflow too). */
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(crash_signals[0]); i++)
		sigaction(crash_signals[i], &sa, NULL);

	/* Kiosk: raw, so Ctrl-C, Ctrl-Z and Ctrl-\ are plain keys (no way out). */
	if (t->kiosk)
		raw();
	else
		cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	/* Esc alone vs the start of a key or mouse report: 100 ms is quick
	 * to the eye and survives a loaded machine; ESCDELAY overrides. */
	if (!getenv("ESCDELAY"))
		set_escdelay(100);
	curs_set(0);
	if (t->mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			  | BUTTON5_PRESSED
#endif
			  , NULL);
	if (t->mouse)
		mouseinterval(0);
	return 0;
}

/* Take the terminal's new size after SIGWINCH. */
void tui_term_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

/* Ctrl-Z: leave curses mode, stop, and come back redrawn on SIGCONT. UI
 * thread only, outside any signal handler; SIGTSTP is blocked on entry. */
void tui_term_suspend(void)
{
	struct sigaction dfl, old;
	sigset_t tstp;

	if (!active)
		return;
	endwin();
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP);                          /* pending while blocked */
	pthread_sigmask(SIG_UNBLOCK, &tstp, NULL); /* stops here until SIGCONT */
	pthread_sigmask(SIG_BLOCK, &tstp, NULL);
	sigaction(SIGTSTP, &old, NULL);
	tui_term_resize();                       /* the size may have changed */
	refresh();
}

/* Leave curses mode and drop the crash handlers. */
void tui_term_stop(void)
{
	if (!active)
		return;
	endwin();
	active = 0;
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(crash_signals[0]); i++)
		signal(crash_signals[i], SIG_DFL);
	emergency_fds_close();
	if (screen) {
		delscreen(screen);
		screen = NULL;
	}
}

bool tui_term_has_colors(int fd)
{
	TERMINAL *old = cur_term, *probe;
	int err = 0, colors;

	if (setupterm(NULL, fd, &err) != OK)
		return false;
	probe = cur_term;
	colors = tigetnum("colors");
	del_curterm(probe);
	cur_term = old;
	return colors >= 8;
}
