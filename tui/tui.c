/* tui.c - the UI thread's loop: wait in ppoll() on the keyboard and the
 * runner's eventfd, apply events, redraw at most ~10 times a second.
 *
 * SIGWINCH, SIGINT, SIGTERM and SIGHUP are blocked before any worker starts
 * and unblocked only inside ppoll(); their handlers only set a flag. With
 * nothing running the loop wakes once a second for the header clock (and
 * for the kiosk's next run), never more.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "report.h"
#include "runner.h"
#include "tui_int.h"
#include "sys_signal.h"

#define FRAME_MS      100   /* at most ~10 redraws a second */
#define SPIN_MS       200   /* spinner frame while checks run */
#define MSG_MS        15000 /* how long a message stays in the footer */

static volatile sig_atomic_t got_winch, got_quit, got_tstp;

/* SIGWINCH, SIGTSTP, SIGINT, SIGTERM, SIGHUP: set a flag; the loop does the
 * rest. Our own SIGTSTP handler also keeps ncurses from installing its own,
 * which would call curses inside a signal handler. */
static void on_signal(int sig);
/* What the UI thread catches: resize, stop, suspend. */
static const int ui_signals[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP };

static void on_signal(int sig)
{
	if (sig == SIGWINCH)
		got_winch = 1;
	else if (sig == SIGTSTP)
		got_tstp = 1;
	else
		got_quit = sig;
}

/* Show a message in the footer for a while. */
static void show_msg(struct tui *t, const char *msg)
{
	snprintf(t->msg, sizeof(t->msg), "%s", msg);
	t->msg_until_ms = clock_ms() + MSG_MS;
}

/* Start a full run of every check. */
static void start_all(struct tui *t)
{
	runner_start_all(t->runner);
	t->run_wall_ms = clock_wall_ms();
	t->run_start_ms = clock_ms();
	t->run_done = false;
}

/* Try to save the text and JSON reports into dir; 0 or -1 (errno). */
static int save_in(struct tui *t, const char *dir, char *txt, char *json, size_t len)
{
	struct report_meta meta;
	char stamp[32];
	time_t s = (time_t)(clock_wall_ms() / 1000);
	struct tm tm;

	if (!localtime_r(&s, &tm) || !strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm))
		snprintf(stamp, sizeof(stamp), "%lld", (long long)s);
	snprintf(txt, len, "%s/posdoctor-%s.txt", dir, stamp);
	snprintf(json, len, "%s/posdoctor-%s.json", dir, stamp);
	memset(&meta, 0, sizeof(meta));
	meta.version = t->p->version;
	meta.started_wall_ms = t->run_wall_ms;
	meta.duration_ms = (t->run_end_wall_ms > t->run_wall_ms ? t->run_end_wall_ms
							     : clock_wall_ms()) - t->run_wall_ms;
	meta.cfg = t->p->cfg;
	meta.lang = t->lang;
	meta.guide = tui_guide_walk(t);
	if (report_save(txt, REPORT_TEXT, t->cl, t->cat, &meta) != 0)
		return -1;
	return report_save(json, REPORT_JSON, t->cl, t->cat, &meta);
}

/* The s key: save both reports where the user can find them: the folder
 * in $POSDOCTOR_REPORT_DIR, else the current folder, else home, else /tmp. */
static void save_reports(struct tui *t)
{
	const char *dirs[4];
	char txt[PATH_MAX + 64], json[PATH_MAX + 64], cwd[PATH_MAX], msg[1024];
	int n = 0, err = 0;

	if (checklist_count(t->cl, STATE_DONE) < t->cl->n) {
		show_msg(t, tui_str(t, "tui.msg.save_wait"));
		return;
	}
	if (getenv("POSDOCTOR_REPORT_DIR") && *getenv("POSDOCTOR_REPORT_DIR"))
		dirs[n++] = getenv("POSDOCTOR_REPORT_DIR");
	if (getcwd(cwd, sizeof(cwd)))
		dirs[n++] = cwd;
	if (getenv("HOME") && *getenv("HOME"))
		dirs[n++] = getenv("HOME");
	dirs[n++] = "/tmp";
	for (int i = 0; i < n; i++) {
		if (save_in(t, dirs[i], txt, json, PATH_MAX + 64) == 0) {
			/* The JSON sits beside the text: its name is enough. */
			const char *jname = strrchr(json, '/');

			tui_fmt(t, "tui.msg.saved", msg, sizeof(msg), "path", txt, "json",
				jname ? jname + 1 : json, (const char *)NULL);
			show_msg(t, msg);
			return;
		}
		if (i == 0)
			err = errno;
	}
	{
		char why[ARG_VALUE_MAX];

		check_errno_text(t->cat, t->lang, err, why, sizeof(why));
		tui_fmt(t, "tui.msg.save_failed", msg, sizeof(msg), "dir", dirs[0], "error",
			why, (const char *)NULL);
	}
	show_msg(t, msg);
}

/* Run with the config the setup screen wrote: stop the runner, rebuild
 * the checklist for it (the caller's reconfigure), start over. On a
 * rebuild failure the old config and checklist stay. False when no
 * runner could be started (the loop ends). */
static bool apply_config(struct tui *t)
{
	struct config *cfg = tui_setup_take(t);
	const struct config *old = t->pv.cfg;
	char err[256], msg[1024];
	bool ok = true;

	if (!cfg)
		return true;
	runner_cancel(t->runner, -1);
	t->workers_left += runner_free(t->runner);
	t->runner = NULL;
	err[0] = '\0';
	if (t->p->reconfigure &&
	    t->p->reconfigure(t->p->reconfigure_arg, cfg, err, sizeof(err)) != 0)
		ok = false;
	if (ok) {
		int *order = realloc(t->order, (size_t)(t->cl->n > 0 ? t->cl->n : 1) * sizeof(int));

		if (order)
			t->order = order;
		ok = order != NULL;
	}
	if (ok) {
		/* An abandoned probe may still read the old one: keep it then. */
		if (t->own_cfg && old == t->own_cfg && t->workers_left == 0)
			free(t->own_cfg);
		t->own_cfg = cfg;
		t->pv.cfg = cfg;
		for (int i = 0; i < t->cl->n; i++)
			t->order[i] = i;
		t->sel = 0;
		t->top = 0;
		t->sel_moved = false;
		t->dscroll = 0;
		t->focus_details = false;
		tui_fmt(t, "tui.msg.setup_saved", msg, sizeof(msg), "path", tui_setup_path(t),
			(const char *)NULL);
	} else {
		free(cfg);
		tui_fmt(t, "tui.msg.setup_not_applied", msg, sizeof(msg), "path",
			tui_setup_path(t), "error", err[0] ? err : strerror(ENOMEM),
			(const char *)NULL);
	}
	show_msg(t, msg);
	t->runner = runner_new(t->cl, t->pv.cfg);
	if (!t->runner)
		return false;
	start_all(t);
	return true;
}

/* Carry out what a key asked for; false when the loop cannot go on. */
static bool act(struct tui *t, enum tui_action a)
{
	char msg[512], title[256];

	switch (a) {
	case ACT_SETUP_SAVED:
		return apply_config(t);
	case ACT_SETUP_CANCELLED:
		show_msg(t, tui_str(t, "tui.msg.setup_cancelled"));
		break;
	case ACT_NONE:
	case ACT_REDRAW:
	case ACT_QUIT:
		break;
	case ACT_RERUN_ONE:
		if (t->cl->n == 0)
			break;
		runner_start_one(t->runner, t->sel);
		check_title(t->cat, t->lang, &t->cl->items[t->sel], title, sizeof(title));
		tui_fmt(t, "tui.msg.rerun", msg, sizeof(msg), "check", title, (const char *)NULL);
		show_msg(t, msg);
		break;
	case ACT_RERUN_ALL:
		start_all(t);
		if (!t->kiosk)
			show_msg(t, tui_str(t, "tui.msg.rerun_all"));
		break;
	case ACT_SAVE:
		save_reports(t);
		break;
	case ACT_ORDER:
		show_msg(t, tui_str(t, t->worst_first ? "tui.msg.order_worst"
						      : "tui.msg.order_module"));
		break;
	}
	return true;
}

/* Read every key waiting (whole characters, so the setup screen can take
 * Chinese typed in); returns false when the user quits or the checks
 * cannot go on. */
static bool read_keys(struct tui *t, bool *dirty)
{
	wint_t wc;
	int rc, n = 0;

	while ((rc = get_wch(&wc)) != ERR && n++ < 256) {
		enum tui_action a;

		if (rc == OK && tui_setup_active(t) && wc >= 0x20 && wc != 0x7f)
			a = tui_setup_char(t, (unsigned long)wc);
		else if (rc == KEY_CODE_YES || wc < 0x100)
			a = tui_key_at(t, (int)wc, clock_ms());
		else
			a = ACT_NONE; /* a wide character outside a text field */
		if (a == ACT_QUIT)
			return false;
		if (a != ACT_NONE)
			*dirty = true;
		if (!act(t, a))
			return false;
	}
	return true;
}

/* Choose the starting language for what this terminal can show. */
void tui_pick_language(struct tui *t)
{
	const char *term = getenv("TERM");

	const char *why = NULL;

	t->lang = t->p->lang;
	t->no_cjk = false;
	t->notice[0] = '\0';
	if (t->ascii)
		why = "tui.notice.ascii";
	else if (term && strncmp(term, "linux", 5) == 0)
		why = "tui.notice.console";
	if (!why)
		return;
	t->no_cjk = true;
	/* The notice only when Chinese was asked for: in English and in pinyin,
	 * the two this terminal can draw (assets/strings/tui.yaml). */
	if (t->lang != LANG_EN) {
		t->lang = LANG_EN;
		snprintf(t->notice, sizeof(t->notice), "%s", tui_str(t, why));
	}
}

/* Milliseconds the loop may sleep before something on screen changes. */
static int64_t next_wake(const struct tui *t, bool dirty, int64_t last_draw, int64_t now)
{
	int64_t wait, wall = clock_wall_ms();

	if (dirty)
		return last_draw + FRAME_MS - now;
	/* Header clock: just after the next second boundary. */
	wait = 1000 - wall % 1000 + 5;
	if (checklist_count(t->cl, STATE_RUNNING) > 0 && wait > SPIN_MS)
		wait = SPIN_MS;
	if (t->msg[0] && t->msg_until_ms > now && t->msg_until_ms - now < wait)
		wait = t->msg_until_ms - now;
	if (t->kiosk && t->run_done && t->kiosk_next_ms - now < wait)
		wait = t->kiosk_next_ms - now;
	return wait;
}

/* The loop proper; returns the signal that ended it, or 0 (user quit). */
static int loop(struct tui *t, const sigset_t *waitmask)
{
	int64_t last_draw = 0;
	bool dirty = true;

	for (;;) {
		struct pollfd pfd[2] = {
			{ STDIN_FILENO, POLLIN, 0 },
			{ runner_event_fd(t->runner), POLLIN, 0 },
		};
		struct runner_event ev;
		struct timespec ts;
		int64_t now, wait;
		int rc;
		/* Asked before draining: once idle, every result is queued. */
		bool idle = runner_idle(t->runner);

		while (runner_next_event(t->runner, &ev)) {
			checklist_apply(t->cl, &ev);
			dirty = true;
		}
		if (got_quit)
			return got_quit;
		if (got_tstp) {
			got_tstp = 0;
			tui_term_suspend();
			dirty = true;
		}
		if (got_winch) {
			got_winch = 0;
			tui_term_resize();
			dirty = true;
		}
		now = clock_ms();
		if (!t->run_done && idle) {
			t->run_done = true;
			t->run_end_wall_ms = clock_wall_ms();
			t->kiosk_next_ms = t->run_start_ms + (int64_t)t->p->cfg->kiosk.rerun_every_s * 1000;
			if (t->kiosk_next_ms < now + 1000)
				t->kiosk_next_ms = now + 1000;
			dirty = true;
		}
		if (t->kiosk && t->run_done && now >= t->kiosk_next_ms) {
			start_all(t);
			dirty = true;
		}
		if (dirty && now - last_draw >= FRAME_MS) {
			tui_draw(t);
			last_draw = now;
			dirty = false;
		}
		wait = next_wake(t, dirty, last_draw, now);
		if (wait < 1)
			wait = 1;
		ts = clock_span_ts(wait);
		rc = ppoll(pfd, 2, &ts, waitmask);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			return SIGHUP;
		}
		if (rc == 0) {
			/* A tick: the clock, the spinner, a message expiring. */
			t->spin++;
			dirty = true;
			continue;
		}
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return SIGHUP; /* the terminal went away */
		if ((pfd[0].revents & POLLIN) && !read_keys(t, &dirty))
			return 0;
	}
}

/* Fresh screen state for p (no terminal needed); -1 on ENOMEM. */
int tui_state_init(struct tui *t, const struct tui_params *p)
{
	memset(t, 0, sizeof(*t));
	t->pv = *p;
	t->p = &t->pv;
	t->cl = p->cl;
	t->cat = p->cat;
	t->kiosk = p->kiosk;
	t->lang = p->lang;
	/* The failure first: worst-first order, the worst row selected until
	 * the user moves the selection ('o' gives the module order). */
	t->worst_first = true;
	t->order = calloc((size_t)(p->cl->n > 0 ? p->cl->n : 1), sizeof(int));
	if (!t->order || tui_guide_init(t) != 0 || tui_setup_init(t) != 0) {
		free(t->order);
		tui_guide_free(t);
		return -1;
	}
	for (int i = 0; i < p->cl->n; i++)
		t->order[i] = i;
	return 0;
}

/* Free what tui_state_init allocated. */
void tui_state_free(struct tui *t)
{
	free(t->order);
	t->order = NULL;
	tui_guide_free(t);
	tui_setup_free(t);
	/* A config the setup screen wrote stays while abandoned probes run. */
	if (t->workers_left == 0)
		free(t->own_cfg);
	t->own_cfg = NULL;
}

/* Set up, run the loop, and restore the terminal on the way out. */
int tui_run(const struct tui_params *p, int *workers_left)
{
	struct tui t;
	sigset_t block, orig, waitmask;
	char err[256];
	int sig;

	*workers_left = 0;
	if (tui_state_init(&t, p) != 0) {
		fprintf(stderr, "posdoctor: %s\n", strerror(ENOMEM));
		return 3;
	}

	/* Flags only; blocked now (before any worker starts) and unblocked
	 * only inside ppoll(). */
	sys_signals_catch(on_signal, ui_signals, sizeof(ui_signals) / sizeof(ui_signals[0]));
	sigemptyset(&block);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTSTP);
	sigprocmask(SIG_BLOCK, &block, &orig);
	waitmask = orig;
	sigdelset(&waitmask, SIGWINCH);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGHUP);
	sigdelset(&waitmask, SIGTSTP);

	if (tui_term_start(&t, err, sizeof(err)) != 0) {
		sigprocmask(SIG_SETMASK, &orig, NULL);
		fprintf(stderr, "posdoctor: %s\n", err);
		tui_state_free(&t);
		return -1;
	}
	tui_pick_language(&t);
	tui_theme_init(&t);
	t.runner = runner_new(t.cl, p->cfg);
	if (!t.runner) {
		int e = errno ? errno : ENOMEM;

		tui_term_stop();
		sigprocmask(SIG_SETMASK, &orig, NULL);
		fprintf(stderr, "posdoctor: cannot start the checks: %s\n", strerror(e));
		tui_state_free(&t);
		return 3;
	}
	start_all(&t);
	/* First run or --setup: the setup screen over the running checks. */
	if (p->setup && !p->kiosk)
		tui_setup_open(&t);
	sig = loop(&t, &waitmask);

	if (t.runner)
		runner_cancel(t.runner, -1);
	tui_term_stop();
	if (t.runner)
		t.workers_left += runner_free(t.runner);
	*workers_left = t.workers_left;
	sigprocmask(SIG_SETMASK, &orig, NULL);
	tui_state_free(&t);
	/* The kiosk's quit sequence is a clean stop, not a report. */
	if (sig)
		return 128 + sig;
	return p->kiosk ? 0 : checklist_exit_code(p->cl);
}
