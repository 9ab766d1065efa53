/* sys_signal.h - signal handlers that only set a flag. Main thread, before
 * any worker starts. */
#ifndef POSDOCTOR_SYS_SIGNAL_H
#define POSDOCTOR_SYS_SIGNAL_H

/* Install handler (no SA_RESTART, nothing blocked while it runs) for each of
 * the n signals in sigs. */
void sys_signals_catch(void (*handler)(int), const int *sigs, int n);

#endif
