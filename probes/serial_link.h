/* serial_link.h - the serial.link check (worker thread). */
#ifndef POSDOCTOR_SERIAL_LINK_H
#define POSDOCTOR_SERIAL_LINK_H

#include "config.h"
#include "probe.h"

/* listen + retries x timeout x rates, plus open and close. */
int serial_link_budget_ms(const struct config *cfg, int instance);
void serial_link_run(struct probe_ctx *ctx, struct check_result *res);

#endif
