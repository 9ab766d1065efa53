/* sys_atomic.h - files replaced atomically: readers see the old file or the
 * whole new one, never a part. Any thread (callers serialise writers of
 * the same path themselves).
 */
#ifndef POSDOCTOR_SYS_ATOMIC_H
#define POSDOCTOR_SYS_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>

/* Write path through fill(f, arg): into a temporary file beside it, synced,
 * then renamed over it (and the folder synced), with permissions mode. A
 * symlink stays a symlink (the file it points to is replaced; a dangling
 * one is an error); a path that is not a regular file (/dev/stdout, a
 * FIFO, a device) is written into directly. fill returns 0, or -1 with
 * errno. Returns 0, or -1 with errno; on failure path is left as it was. */
int sys_atomic_write(const char *path, mode_t mode, int (*fill)(FILE *f, void *arg),
		     void *arg);

/* mkdir -p for path with mode for the folders it makes. 0 or -1 (errno). */
int sys_mkdir_parents(const char *path, mode_t mode);

#endif
