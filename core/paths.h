/* paths.h - where posdoctor finds its shipped assets. Any thread. */
#ifndef POSDOCTOR_PATHS_H
#define POSDOCTOR_PATHS_H

/* The assets folder (holding fixes/ and strings/): $POSDOCTOR_DATADIR, else
 * <dir of the executable>/assets (build tree), else the installed
 * <prefix>/share/posdoctor relative to the executable, else the compiled-in
 * install path. The first that holds a fixes/ folder wins. NULL if none. */
const char *paths_datadir(void);

#endif
