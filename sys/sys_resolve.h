/* sys_resolve.h - the system resolver with a deadline, and its nameservers.
 *
 * getaddrinfo() cannot be interrupted and a dead resolver keeps it busy for
 * timeout x attempts x servers (10 s and more); sys_resolve() gives up at
 * its deadline instead. Any thread. Addresses are IPv4, network order.
 */
#ifndef POSDOCTOR_SYS_RESOLVE_H
#define POSDOCTOR_SYS_RESOLVE_H

#include <stdbool.h>
#include <stdint.h>

/* Resolve name (or an IPv4 literal) to an IPv4 address before deadline_ms
 * (clock_ms() time), giving up early when stop(arg) returns true (stop may
 * be NULL). Returns 0, or an EAI_* code (EAI_AGAIN when the time ran out).
 * *took_ms gets the time spent. */
int sys_resolve(const char *name, int64_t deadline_ms, bool (*stop)(void *arg), void *arg,
		uint32_t *out, double *took_ms);
/* The catalogue key of the phrase for sys_resolve()'s code rc
 * ("error.resolver.again" for EAI_AGAIN, "error.resolver.noname", ...;
 * assets/strings/error.yaml) and its raw English words. */
const char *sys_resolve_error_key(int rc);
const char *sys_resolve_error_words(int rc);
/* True when name is a dotted IPv4 address. */
bool sys_is_ipv4_literal(const char *name);
/* The nameservers (IPv4) of a resolv.conf(5) file at path (NULL: the
 * system's /etc/resolv.conf); returns how many, at most max. */
int sys_resolv_servers(const char *path, uint32_t *out, int max);

#endif
