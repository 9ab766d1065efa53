/* fuzz.h - what the libFuzzer harnesses in tests/fuzz share.
 *
 * Each fuzz_<name>.c defines LLVMFuzzerTestOneInput and calls one parser of
 * outside bytes through the project's own entry points. Built with
 * -DPOSDOCTOR_FUZZ=ON (clang, -fsanitize=fuzzer); in every other build
 * replay.c gives them a main() that runs the saved corpus once, so the
 * regression inputs are part of the ordinary test suite.
 */
#ifndef POSDOCTOR_FUZZ_H
#define POSDOCTOR_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the run loudly (a finding): libFuzzer saves the input. */
#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

/* A malloc'd NUL-terminated copy of data (abort when out of memory). */
char *fuzz_strndup(const uint8_t *data, size_t size);
/* Write data to a file called name in a private temporary folder made on
 * first use (removed at exit); returns its path. For the loaders that take
 * a path: they are fuzzed through the same open/read code as in use. */
const char *fuzz_tmp_write(const char *name, const uint8_t *data, size_t size);
/* Whether s[0..n) is strict UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool fuzz_utf8_valid(const unsigned char *s, size_t n);
/* Whether every line of a loader's error text is "FILE:LINE:COLUMN: message"
 * with FILE an absolute path. */
bool fuzz_errors_well_formed(const char *text, size_t len);

#endif
