/* tui_i18n.c - UI strings: the catalogue's (assets/strings/tui.yaml) in the
 * current language, else the built-in English below (so the screen stays
 * readable when the assets folder is incomplete). Keep both in step.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui_int.h"

struct builtin_text {
	const char *key;
	const char *en;
};

static const struct builtin_text builtin[] = {
	{ "tui.verdict.running", "Checking…" },
	{ "tui.verdict.ok", "All good: card payments should work" },
	{ "tui.verdict.warn", "Payments work, but something needs attention" },
	{ "tui.verdict.fail", "Problem found: card payments may fail" },
	{ "tui.verdict.none", "Nothing was checked" },
	{ "tui.count.ok", "{n} ok" },
	{ "tui.count.warn", "{n} warning" },
	{ "tui.count.warns", "{n} warnings" },
	{ "tui.count.fail", "{n} failed" },
	{ "tui.count.skip", "{n} skipped" },
	{ "tui.count.run", "{n} running" },
	{ "tui.count.pending", "{n} waiting" },
	{ "tui.header.terminal", "Terminal {id}" },
	{ "tui.header.nosite", "Site not named" },
	{ "tui.state.pending", "waiting to start" },
	{ "tui.state.running", "running" },
	{ "tui.state.progress", "running {done}/{total}" },
	{ "tui.state.slow", "still running after {s} s, taking longer than expected" },
	{ "tui.details.found", "What was found" },
	{ "tui.details.why", "Why it matters" },
	{ "tui.details.steps", "What to do" },
	{ "tui.details.helpdesk", "For the helpdesk" },
	{ "tui.details.detail", "Details" },
	{ "tui.details.samples", "Samples ({n}): min {min}, max {max}" },
	{ "tui.details.nothing", "Nothing to do." },
	{ "tui.details.no_fix", "No guided fix for this result ({code})." },
	{ "tui.details.pending", "This check has not run yet." },
	{ "tui.details.running", "Checking now. The results appear here when it finishes." },
	{ "tui.details.no_metrics", "No measurements." },
	{ "tui.fact.site", "Site" },
	{ "tui.fact.terminal", "Terminal id" },
	{ "tui.fact.check", "Check" },
	{ "tui.fact.code", "Code" },
	{ "tui.fact.status", "Status" },
	{ "tui.fact.time", "Checked at" },
	{ "tui.fact.duration", "Took" },
	{ "tui.fact.version", "posdoctor version" },
	{ "tui.key.move", "select" },
	{ "tui.key.enter", "details" },
	{ "tui.key.rerun", "re-run" },
	{ "tui.key.rerun_all", "all" },
	{ "tui.key.lang", "中文" },
	{ "tui.key.save", "save" },
	{ "tui.key.order", "order" },
	{ "tui.key.help", "help" },
	{ "tui.key.quit", "quit" },
	{ "tui.key.back", "back" },
	{ "tui.key.scroll", "scroll" },
	{ "tui.help.title", "Keys" },
	{ "tui.help.move", "Up/Down or j/k: select a check" },
	{ "tui.help.enter", "Enter: read the details; Enter or Esc goes back" },
	{ "tui.help.scroll", "PgUp/PgDn, Home/End: scroll" },
	{ "tui.help.rerun", "r: check the selected item again" },
	{ "tui.help.rerun_all", "R: run every check again" },
	{ "tui.help.lang", "l: switch between English and Chinese" },
	{ "tui.help.save", "s: save the report (text and JSON)" },
	{ "tui.help.order", "o: worst first, or module order" },
	{ "tui.help.mouse", "Click a check to select it" },
	{ "tui.help.quit", "q: quit" },
	{ "tui.help.close", "Press any key to close this help." },
	{ "tui.msg.saved", "Report saved: {path} and {json}" },
	{ "tui.msg.save_failed", "Could not save the report in {dir}: {error}" },
	{ "tui.msg.save_wait", "Wait until the checks finish, then save." },
	{ "tui.msg.rerun", "Checking again: {check}" },
	{ "tui.msg.rerun_all", "Running every check again" },
	{ "tui.msg.order_worst", "Order: worst first" },
	{ "tui.msg.order_module", "Order: by module" },
	{ "tui.notice.console", "The Linux console cannot show Chinese: showing English." },
	{ "tui.notice.ascii", "This terminal is not set up for UTF-8: showing English." },
	{ "tui.too_small", "Terminal too small ({cols}x{rows}). Make it at least 40x12." },
	{ "tui.empty", "No checks to run: see --only and the config file." },
	{ "tui.kiosk.last_run", "Last check {time}" },
	{ "tui.kiosk.next_run", "next in {min} min" },
	{ "tui.kiosk.next_soon", "next in under a minute" },
	{ "tui.kiosk.checking", "Checking now" },
	{ "tui.kiosk.history", "history, newest right" },
	{ "tui.kiosk.banner.ok", "PAYMENTS READY" },
	{ "tui.kiosk.banner.running", "CHECKING" },
	{ "tui.kiosk.banner.warn", "PAYMENTS OK - SEE WARNINGS" },
	{ "tui.kiosk.banner.fail", "PAYMENTS MAY FAIL" },
	{ "tui.kiosk.banner.none", "NOTHING TO CHECK" },
	{ "tui.kiosk.fail.serial", "CHECK THE TERMINAL CABLE" },
	{ "tui.kiosk.fail.network", "CHECK THE INTERNET" },
	{ "tui.kiosk.fail.arp", "NETWORK ADDRESS CLASH" },
	{ "tui.kiosk.fail.power", "CHECK THE POWER" },
	{ "tui.kiosk.warn.serial", "TERMINAL LINK UNSTABLE" },
	{ "tui.kiosk.warn.network", "INTERNET IS SLOW" },
	{ "tui.kiosk.warn.arp", "NETWORK ADDRESS WARNING" },
	{ "tui.kiosk.warn.power", "POWER WARNING" },
	{ "tui.kiosk.code.serial.port_missing", "PLUG IN THE TERMINAL" },
	{ "tui.kiosk.code.net.no_link", "PLUG IN THE NETWORK CABLE" },
	{ "tui.kiosk.code.power.on_battery", "POWER CUT - ON BATTERY" },
	{ "tui.kiosk.code.power.ups_on_battery", "POWER CUT - ON UPS" },
};

/* A UI string: the catalogue's, else the built-in English, else NULL. */
const char *tui_str_opt(const struct tui *t, const char *key)
{
	const char *s = catalog_text(t->cat, t->lang, key);

	if (s)
		return s;
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (strcmp(builtin[i].key, key) == 0)
			return builtin[i].en;
	return NULL;
}

/* A UI string, or the key itself when there is none. */
const char *tui_str(const struct tui *t, const char *key)
{
	const char *s = tui_str_opt(t, key);

	return s ? s : key;
}

/* A UI string with its {placeholders} filled from name, value pairs. */
size_t tui_fmt(const struct tui *t, const char *key, char *out, size_t len, ...)
{
	const char *tmpl = tui_str(t, key);
	size_t o = 0;

	if (len == 0)
		return 0;
	for (const char *p = tmpl; *p && o + 1 < len; p++) {
		const char *end = *p == '{' ? strchr(p + 1, '}') : NULL;
		const char *val = NULL;

		if (end) {
			va_list ap;
			const char *name;

			va_start(ap, len);
			while ((name = va_arg(ap, const char *)) != NULL) {
				const char *v = va_arg(ap, const char *);

				if (strlen(name) == (size_t)(end - p - 1) &&
				    strncmp(name, p + 1, (size_t)(end - p - 1)) == 0) {
					val = v;
					break;
				}
			}
			va_end(ap);
		}
		if (val) {
			size_t vl = strlen(val);

			if (vl > len - 1 - o)
				vl = len - 1 - o;
			memcpy(out + o, val, vl);
			o += vl;
			p = end;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	return o;
}
