/* sys_file.h - small bounded readers for kernel attribute files (sysfs,
 * procfs) and the folders that hold them. Any thread; no globals.
 *
 * A planted FIFO or a file of binary garbage never hangs or overruns a
 * reader: opens are non-blocking, reads are bounded, text stops at a NUL.
 */
#ifndef POSDOCTOR_SYS_FILE_H
#define POSDOCTOR_SYS_FILE_H

#include <stdbool.h>
#include <stddef.h>

#define SYS_NAME_MAX 64         /* a folder entry sys_list_dir() keeps */

/* Read at most len-1 bytes of a small file, trailing whitespace trimmed.
 * Returns the length, or -1 when the file is missing or unreadable. */
int sys_read_text(const char *path, char *buf, size_t len);
/* Read a file holding one decimal integer (surrounding blanks allowed).
 * False when missing or not a number (garbage). */
bool sys_read_long(const char *path, long *out);
/* The number itself: text holding one decimal integer, blanks around it
 * allowed (what sys_read_long() read). False when it is anything else. */
bool sys_parse_long(const char *text, long *out);
/* The same two, path built from dir + "/" + name (false / -1 when the path
 * does not fit). */
bool sys_read_long_at(const char *dir, const char *name, long *out);
int sys_read_text_at(const char *dir, const char *name, char *buf, size_t len);

/* Which entries sys_list_dir_if() keeps: true to keep name. */
typedef bool (*sys_name_filter)(const char *dir, const char *name, void *arg);

/* Names in dir starting with prefix, sorted ("hwmon2" < "hwmon10" by
 * number), at most max; hidden entries and names of SYS_NAME_MAX bytes or
 * more skipped. Returns the count (0 when the folder is missing). */
int sys_list_dir(const char *dir, const char *prefix,
		 char names[][SYS_NAME_MAX], int max);
/* The same, keeping only names keep (may be NULL) accepts; max counts kept
 * names, so a filter that drops most entries still fills names. */
int sys_list_dir_if(const char *dir, const char *prefix, sys_name_filter keep,
		    void *arg, char names[][SYS_NAME_MAX], int max);

/* Call each(path, arg) for the paths matching a glob(3) pattern, in no
 * particular order, until it returns true. Returns true when one did. */
bool sys_glob_each(const char *pattern, bool (*each)(const char *path, void *arg),
		   void *arg);

/* out = a + "/" + b; false when it did not fit (out is then truncated). */
bool sys_path_join(char *out, size_t len, const char *a, const char *b);
/* Whether path is a folder (symbolic links followed). */
bool sys_is_dir(const char *path);

#endif
