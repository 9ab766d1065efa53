/* zh_check.h - whether a Simplified Chinese text follows the house rules:
 * full-width punctuation, no English sentences (tests only). */
#ifndef POSDOCTOR_ZH_CHECK_H
#define POSDOCTOR_ZH_CHECK_H

#include <stdio.h>
#include <string.h>

/* NULL when s is fine, else what is wrong. */
static inline const char *zh_problem(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (strchr(",;:!?()", *p))
			return "ASCII punctuation (use ，；：！？（）)";
		if (*p == '.' && !(p > s && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' &&
				   p[1] <= '9'))
			return "an ASCII full stop (use 。)";
		/* Two Latin words in a row: an English phrase. */
		if (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) && p[1] == ' ' &&
		    ((p[2] >= 'a' && p[2] <= 'z') || (p[2] >= 'A' && p[2] <= 'Z')) &&
		    !(p >= s + 2 && strncmp(p - 2, "ISO 8583", 8) == 0))
			return "English words";
	}
	return NULL;
}

#endif
