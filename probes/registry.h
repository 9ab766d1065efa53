/* registry.h - the table of every check posdoctor knows. Any thread. */
#ifndef POSDOCTOR_REGISTRY_H
#define POSDOCTOR_REGISTRY_H

#include "probe.h"

/* Every registered probe, NULL-terminated, in display order (module order,
 * then the order of each module's own table). */
const struct probe *const *registry_probes(void);

/* Each module's table, NULL-terminated (probes/<module>*.c). */
extern const struct probe *const serial_probes[];
extern const struct probe *const network_probes[];
extern const struct probe *const arp_probes[];
extern const struct probe *const power_probes[];
extern const struct probe *const system_probes[];
#ifdef POSDOCTOR_TEST_PROBES
extern const struct probe *const test_probes[];
#endif

#endif
